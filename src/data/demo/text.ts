import type { Rng } from '../../tensor/random.js';
import { DEMO_CATEGORIES, categoryIndex } from './topics.js';
import {
  COMMON_ADJECTIVES,
  COMMON_NOUNS,
  COMMON_VERBS,
  SENTENCE_TEMPLATES,
  TITLE_TEMPLATES,
} from './words.js';

/** Title, body and tags of one generated article. */
export interface ArticleContent {
  title: string;
  /** Paragraphs separated by a blank line ("\n\n"). */
  text: string;
  /** Lowercase, hyphenated tags such as `type-hints`, without duplicates. */
  tags: string[];
  /** Whitespace-separated words in `text`; drives the plausible read time. */
  wordCount: number;
}

const LIST_COUNTS = [3, 5, 7, 10, 12];

/** Share of articles that borrow one focus term from a related category. */
const CROSSOVER_SHARE = 0.25;

/**
 * Writes the title, text and tags of one article in `category` (an index into DEMO_CATEGORIES).
 *
 * Each article has 2-4 focus terms that dominate its title, tags and text, so two articles on
 * the same subject share words beyond the category's general vocabulary. The text has 4-8
 * paragraphs of 3-6 sentences (roughly 150-450 words).
 */
export function writeArticleContent(rng: Rng, category: number): ArticleContent {
  const focus = pickFocusTerms(rng, category);
  const slots: SlotFiller = {
    rng,
    category,
    focus,
  };

  const title = fillTemplate(pick(rng, TITLE_TEMPLATES), slots);

  const paragraphs: string[] = [];
  const paragraphCount = 4 + rng.nextInt(5);
  for (let p = 0; p < paragraphCount; p++) {
    const sentences: string[] = [];
    const sentenceCount = 3 + rng.nextInt(4);
    for (let s = 0; s < sentenceCount; s++) {
      sentences.push(fillTemplate(pick(rng, SENTENCE_TEMPLATES), slots));
    }
    paragraphs.push(sentences.join(' '));
  }
  const text = paragraphs.join('\n\n');

  const tags = chooseTags(rng, category, focus);
  const wordCount = text.split(/\s+/).length;
  return { title, text, tags, wordCount };
}

/** Lowercases a term and joins its alphanumeric runs with hyphens: "CI/CD" -> "ci-cd". */
export function tagFromTerm(term: string): string {
  const words = term
    .replace(/^the /i, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return words.join('-');
}

interface SlotFiller {
  rng: Rng;
  category: number;
  focus: string[];
}

function pickFocusTerms(rng: Rng, category: number): string[] {
  const terms = DEMO_CATEGORIES[category].terms;
  const count = 2 + rng.nextInt(3);
  const focus: string[] = [];

  // Earlier terms in a category's list are drawn more often (weight 1 / (rank + 1)^0.8), so
  // each category has a few recurring subjects and a long tail, as a real blog does.
  while (focus.length < count) {
    const term = terms[zipfRank(rng, terms.length, 0.8)];
    if (!focus.includes(term)) focus.push(term);
  }

  if (rng.nextFloat() < CROSSOVER_SHARE) {
    const related = DEMO_CATEGORIES[category].related;
    const other = DEMO_CATEGORIES[categoryIndex(pick(rng, related))];
    const term = pick(rng, other.terms);
    if (!focus.includes(term)) focus[focus.length - 1] = term;
  }
  return focus;
}

function chooseTags(rng: Rng, category: number, focus: string[]): string[] {
  const tags = new Set<string>();
  for (const term of focus) tags.add(tagFromTerm(term));

  const extra = rng.nextInt(3);
  const terms = DEMO_CATEGORIES[category].terms;
  for (let i = 0; i < extra; i++) tags.add(tagFromTerm(pick(rng, terms)));
  return [...tags].filter((tag) => tag.length > 0).slice(0, 5);
}

function fillTemplate(template: string, slots: SlotFiller): string {
  const { rng, category, focus } = slots;
  const used = template.includes('{b}') ? [focus[0], focus[1]] : [focus[0]];
  return template.replace(/\{([a-zA-Z])\}/g, (_match, slot: string) => {
    switch (slot) {
      case 'a':
        return focus[0];
      case 'A':
        return capitalize(focus[0]);
      case 'b':
        return focus[1];
      case 't': {
        // Half of the general topic words repeat a focus term, which makes the focus terms the
        // most frequent content words of the article. A term already in the sentence is
        // redrawn a few times so sentences rarely read "Docker and Docker".
        let term = '';
        for (let attempt = 0; attempt < 4 && (term === '' || used.includes(term)); attempt++) {
          term = rng.nextFloat() < 0.5 ? pick(rng, focus) : pick(rng, DEMO_CATEGORIES[category].terms);
        }
        used.push(term);
        return term;
      }
      case 'n':
        return pick(rng, COMMON_NOUNS);
      case 'v':
        return pick(rng, COMMON_VERBS);
      case 'j':
        return pick(rng, COMMON_ADJECTIVES);
      case 'k':
        return String(pick(rng, LIST_COUNTS));
      default:
        throw new Error(`demo text: unknown template slot {${slot}} in "${template}"; add it to fillTemplate or fix the template.`);
    }
  });
}

/** Capitalizes the first letter unless the term is already mixed case at the start ("iOS"). */
function capitalize(term: string): string {
  const first = term.charAt(0);
  const second = term.charAt(1);
  if (second !== '' && second === second.toUpperCase() && second !== second.toLowerCase()) return term;
  return first.toUpperCase() + term.slice(1);
}

function pick<T>(rng: Rng, values: readonly T[]): T {
  return values[rng.nextInt(values.length)];
}

/** Draws a rank in [0, count) with probability proportional to 1 / (rank + 1)^exponent. */
export function zipfRank(rng: Rng, count: number, exponent: number): number {
  let total = 0;
  for (let rank = 0; rank < count; rank++) total += 1 / Math.pow(rank + 1, exponent);
  let target = rng.nextFloat() * total;
  for (let rank = 0; rank < count; rank++) {
    target -= 1 / Math.pow(rank + 1, exponent);
    if (target < 0) return rank;
  }
  return count - 1;
}
