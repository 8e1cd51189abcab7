/**
 * The rating-to-interaction rule shared by both MovieLens adapters: every rating is a click
 * (the user chose to watch and rate the movie), like = 1 for a rating >= 4 stars and 0 below,
 * read_time unknown.
 */
import { parseDecimal, quoteValue } from '../cell-values.js';
import type { InteractionSink } from '../interaction-sink.js';

/** Ratings at or above this many stars count as a like. */
export const LIKE_RATING = 4;

/** Validates one rating row and appends it to `sink`; rejects ratings outside 0.5-5 stars. */
export function addRating(
  sink: InteractionSink,
  line: number,
  userId: string,
  movieId: string,
  ratingText: string,
  timeText: string,
): void {
  if (!sink.checkIds(line, userId, movieId)) return;
  const time = sink.parseTime(line, timeText);
  if (Number.isNaN(time)) return;

  const rating = parseDecimal(ratingText);
  if (!(rating >= 0.5 && rating <= 5)) {
    sink.counter.reject(line, 'invalid_rating', `rating ${quoteValue(ratingText)} is not a number between 0.5 and 5`);
    return;
  }
  sink.append(line, userId, movieId, time, 1, Number.NaN, rating >= LIKE_RATING ? 1 : 0);
}
