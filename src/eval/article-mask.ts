/** Membership test over article codes; a `ReadonlySet<number>` satisfies it. */
export interface ArticleFilter {
  has(article: number): boolean;
}

/**
 * A reusable set of article codes backed by a byte per code, for the evaluation loop where
 * the same catalogue is filtered once per test user. `clear` undoes only the codes added,
 * so resetting costs the history length, not the dictionary size.
 */
export class ArticleMask implements ArticleFilter {
  private readonly marks: Uint8Array;
  private readonly added: number[] = [];

  /** @param dictionarySize number of article codes; codes outside [0, dictionarySize) are never members. */
  constructor(dictionarySize: number) {
    this.marks = new Uint8Array(dictionarySize);
  }

  add(article: number): void {
    if (article < 0 || article >= this.marks.length || this.marks[article] === 1) return;
    this.marks[article] = 1;
    this.added.push(article);
  }

  addAll(articles: ArrayLike<number>): void {
    for (let i = 0; i < articles.length; i++) this.add(articles[i]);
  }

  has(article: number): boolean {
    return this.marks[article] === 1;
  }

  get size(): number {
    return this.added.length;
  }

  clear(): void {
    for (const article of this.added) this.marks[article] = 0;
    this.added.length = 0;
  }
}
