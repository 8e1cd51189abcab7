import type { Article, Dataset, InteractionTable } from '../../data/types.js';
import { EvaluationError } from '../errors.js';

/**
 * Re-keys a data set by article title, as the TFRS basic-retrieval tutorial does with
 * MovieLens ("movie_title" is the candidate id). Articles that share a title become one
 * candidate, and the first article with that title (in dictionary order) provides the metadata.
 * ml-100k has 1,682 movie ids and 1,664 distinct titles.
 *
 * Row order, users, times and flags are unchanged. Throws EvaluationError EVAL_INVALID_SPLIT
 * when an interacted article has no metadata row, because it would have no title.
 */
export function keyArticlesByTitle(dataset: Dataset): Dataset {
  const table = dataset.interactions;
  const titleIds: string[] = [];
  const codeOfTitle = new Map<string, number>();
  const articles = new Map<string, Article>();
  // [old article code] new code, the index of the article's title in `titleIds`.
  const remap = new Int32Array(table.articleIds.length);

  table.articleIds.forEach((id, code) => {
    const article = dataset.articles.get(id);
    if (article === undefined) {
      throw new EvaluationError(
        'EVAL_INVALID_SPLIT',
        `Article "${id}" has no metadata row, so it has no title to key by; load the data set with its article file.`,
        { articleId: id },
      );
    }
    let titleCode = codeOfTitle.get(article.title);
    if (titleCode === undefined) {
      titleCode = titleIds.length;
      titleIds.push(article.title);
      codeOfTitle.set(article.title, titleCode);
      articles.set(article.title, { ...article, articleId: article.title });
    }
    remap[code] = titleCode;
  });

  const interactions: InteractionTable = {
    ...table,
    articleIds: titleIds,
    article: Int32Array.from(table.article, (code) => remap[code]),
  };
  return { ...dataset, name: `${dataset.name} (keyed by title)`, interactions, articles };
}
