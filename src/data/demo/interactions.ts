import type { Rng } from '../../tensor/random.js';
import type { DemoArticle } from './articles.js';
import { PopularityClock } from './popularity.js';
import { logNormal, poisson, uniform, weightedIndex } from './sampling.js';
import { DAY_MS, DEMO_END_MS, HOUR_MS } from './scales.js';
import { DEMO_CATEGORIES } from './topics.js';
import { type DemoUsers, INTEREST_SLOTS, interestsAt } from './users.js';

/** Simulated events in generation order (sessions by start time, events within a session in order). */
export interface DemoEvents {
  size: number;
  /** [size] user index into DemoUsers. */
  user: Int32Array;
  /** [size] article index into the article list. */
  article: Int32Array;
  /** [size] ms since the epoch, whole seconds. */
  timestamp: Float64Array;
  /** [size] 1 clicked, 0 shown in the session but not clicked. */
  click: Int8Array;
  /** [size] seconds; 0 for a row that was not clicked. */
  readTime: Float32Array;
  /** [size] 1 liked, 0 not. */
  like: Int8Array;
}

/** Probability that a session continues with another event; session length is 1 + geometric. */
const CONTINUE_SESSION = 0.62;
const MAX_EVENTS_PER_SESSION = 15;
const MEAN_EVENTS_PER_SESSION = 1 + CONTINUE_SESSION / (1 - CONTINUE_SESSION);

/** Share of events where the reader follows one of their interests; the rest come from the front page. */
const FOLLOW_INTEREST = 0.7;
/** Click probability of a shown article in / outside the reader's interests. */
const CLICK_IF_INTERESTED = 0.85;
const CLICK_IF_NOT_INTERESTED = 0.4;
/** Reading speed used to turn an article's word count into seconds: 240 words per minute. */
const WORDS_PER_SECOND = 4;

/** Relative traffic per UTC hour of day: low at night, a plateau through the working day. */
const HOURLY_TRAFFIC = [
  0.3, 0.2, 0.15, 0.15, 0.2, 0.3, 0.5, 0.8, 1.0, 1.1, 1.1, 1.1, 1.2, 1.2, 1.1, 1.1, 1.0, 1.0, 0.9, 0.9, 0.8, 0.7, 0.5,
  0.4,
];

/**
 * Simulates one year of reading sessions.
 *
 * Each user gets a Poisson number of sessions (rate proportional to activity and to the part of
 * the year they are active), spread uniformly over their active period with a daily traffic
 * cycle. In a session the user is shown articles one by one: an article from one of their
 * current interests (drift applied) or from the front page, drawn by fresh popularity. Whether
 * they click, how long they read and whether they like it depend on the interest match.
 */
export function simulateInteractions(
  rng: Rng,
  users: DemoUsers,
  articles: readonly DemoArticle[],
  targetInteractions: number,
): DemoEvents {
  const sessions = planSessions(rng, users, targetInteractions);
  const clock = new PopularityClock(articles, DEMO_CATEGORIES.length);
  const events = new EventBuffer(Math.ceil(targetInteractions * 1.2));
  const clickedBefore = new Set<number>();
  const interests = new Int16Array(INTEREST_SLOTS);
  const weights = new Float32Array(INTEREST_SLOTS);

  for (const session of sessions.order) {
    const user = sessions.user[session];
    let time = sessions.start[session];
    clock.advanceTo(time);
    const length = sessionLength(rng);

    for (let step = 0; step < length && time < DEMO_END_MS; step++) {
      interestsAt(users, user, time, interests);
      for (let slot = 0; slot < INTEREST_SLOTS; slot++) {
        weights[slot] = interests[slot] === -1 ? 0 : users.interestWeights[user * INTEREST_SLOTS + slot];
      }

      const article = chooseArticle(rng, clock, interests, weights, user, articles.length, clickedBefore);
      if (article === -1) break;

      const interested = interests.includes(articles[article].category);
      const clicked = rng.nextFloat() < (interested ? CLICK_IF_INTERESTED : CLICK_IF_NOT_INTERESTED);
      if (!clicked) {
        events.push(user, article, time, 0, 0, 0);
        time += Math.round(uniform(rng, 2, 15)) * 1000;
        continue;
      }

      const readTime = sampleReadTime(rng, articles[article].content.wordCount, interested);
      const shareRead = readTime / (articles[article].content.wordCount / WORDS_PER_SECOND);
      const liked = rng.nextFloat() < likeProbability(interested, shareRead);
      events.push(user, article, time, 1, readTime, liked ? 1 : 0);
      clickedBefore.add(user * articles.length + article);
      time += (readTime + Math.round(uniform(rng, 5, 60))) * 1000;
    }
  }
  return events.finish();
}

interface SessionPlan {
  user: Int32Array;
  start: Float64Array;
  /** Session indices sorted by start time (ties by index). */
  order: Int32Array;
}

function planSessions(rng: Rng, users: DemoUsers, targetInteractions: number): SessionPlan {
  const year = 365 * DAY_MS;
  const units = new Float64Array(users.count);
  for (let u = 0; u < users.count; u++) {
    units[u] = users.activity[u] * ((users.activeUntil[u] - users.activeFrom[u]) / year);
  }
  const rate = sessionRate(units, targetInteractions / MEAN_EVENTS_PER_SESSION);

  const sessionUsers: number[] = [];
  const starts: number[] = [];
  for (let u = 0; u < users.count; u++) {
    const from = users.activeFrom[u];
    const until = users.activeUntil[u];
    // Every simulated user visits at least once: a user who never came would not be in the logs.
    const count = Math.max(1, poisson(rng, rate * units[u]));
    for (let s = 0; s < count; s++) {
      sessionUsers.push(u);
      starts.push(sessionStart(rng, from, until));
    }
  }

  const start = Float64Array.from(starts);
  const order = Int32Array.from({ length: start.length }, (_, i) => i);
  order.sort((a, b) => start[a] - start[b] || a - b);
  return { user: Int32Array.from(sessionUsers), start, order };
}

/**
 * Sessions per unit of activity-year such that the expected number of sessions,
 * sum over users of E[max(1, Poisson(rate * units))] = lambda + exp(-lambda), equals
 * `targetSessions`. Fixed-point iteration; the expectation is increasing in the rate.
 */
function sessionRate(units: Float64Array, targetSessions: number): number {
  let total = 0;
  for (const unit of units) total += unit;
  let rate = targetSessions / total;
  for (let iteration = 0; iteration < 20; iteration++) {
    let expected = 0;
    for (const unit of units) expected += rate * unit + Math.exp(-rate * unit);
    rate *= targetSessions / expected;
  }
  return rate;
}

/** Draws a start time in [from, until): a uniform day, then an hour from the daily traffic cycle. */
function sessionStart(rng: Rng, from: number, until: number): number {
  const uniformTime = uniform(rng, from, until);
  const dayStart = Math.floor(uniformTime / DAY_MS) * DAY_MS;
  const hour = weightedIndex(rng, HOURLY_TRAFFIC);
  const time = dayStart + hour * HOUR_MS + uniform(rng, 0, HOUR_MS);
  const chosen = time >= from && time < until ? time : uniformTime;
  return Math.floor(chosen / 1000) * 1000;
}

function sessionLength(rng: Rng): number {
  let length = 1;
  while (length < MAX_EVENTS_PER_SESSION && rng.nextFloat() < CONTINUE_SESSION) length++;
  return length;
}

function chooseArticle(
  rng: Rng,
  clock: PopularityClock,
  interests: Int16Array,
  weights: Float32Array,
  user: number,
  articleCount: number,
  clickedBefore: Set<number>,
): number {
  let article = -1;
  // A few redraws keep re-reads rare without forbidding them. A reader who has already read
  // what their topics offer moves on to the front page, where fresh popular articles are.
  for (let attempt = 0; attempt < 4; attempt++) {
    const followInterest = attempt === 0 && rng.nextFloat() < FOLLOW_INTEREST;
    let category = followInterest ? interests[weightedIndex(rng, weights)] : -1;
    if (category === -1 || clock.categoryMass(category) <= 0) category = clock.sampleCategory(rng);
    if (category === -1) return -1;

    article = clock.sampleArticle(rng, category);
    if (!clickedBefore.has(user * articleCount + article)) return article;
  }
  return article;
}

/**
 * Seconds spent on a clicked article: the full reading time (word count at 240 words per
 * minute) times the share read, with log-normal noise. Interested readers read most of it;
 * others skim. At least 2 s, whole seconds.
 */
function sampleReadTime(rng: Rng, wordCount: number, interested: boolean): number {
  const fullRead = wordCount / WORDS_PER_SECOND;
  const share = interested ? 0.4 + 0.6 * Math.sqrt(rng.nextFloat()) : 0.05 + 0.35 * rng.nextFloat();
  return Math.max(2, Math.round(fullRead * share * logNormal(rng, 0, 0.25)));
}

/**
 * Probability that a click ends in a like, given the share of the article read. Likes are rare
 * and follow long reads of articles in the reader's interests.
 */
function likeProbability(interested: boolean, shareRead: number): number {
  if (interested && shareRead >= 0.75) return 0.15;
  if (shareRead >= 0.5) return 0.05;
  return 0.005;
}

/** Growable columns; doubles its capacity when full. */
class EventBuffer {
  private size = 0;
  private user: Int32Array;
  private article: Int32Array;
  private timestamp: Float64Array;
  private click: Int8Array;
  private readTime: Float32Array;
  private like: Int8Array;

  constructor(capacity: number) {
    this.user = new Int32Array(capacity);
    this.article = new Int32Array(capacity);
    this.timestamp = new Float64Array(capacity);
    this.click = new Int8Array(capacity);
    this.readTime = new Float32Array(capacity);
    this.like = new Int8Array(capacity);
  }

  push(user: number, article: number, timestamp: number, click: number, readTime: number, like: number): void {
    if (this.size === this.user.length) this.grow();
    const i = this.size++;
    this.user[i] = user;
    this.article[i] = article;
    this.timestamp[i] = timestamp;
    this.click[i] = click;
    this.readTime[i] = readTime;
    this.like[i] = like;
  }

  finish(): DemoEvents {
    const n = this.size;
    return {
      size: n,
      user: this.user.slice(0, n),
      article: this.article.slice(0, n),
      timestamp: this.timestamp.slice(0, n),
      click: this.click.slice(0, n),
      readTime: this.readTime.slice(0, n),
      like: this.like.slice(0, n),
    };
  }

  private grow(): void {
    const capacity = this.user.length * 2;
    this.user = resize(this.user, new Int32Array(capacity));
    this.article = resize(this.article, new Int32Array(capacity));
    this.timestamp = resize(this.timestamp, new Float64Array(capacity));
    this.click = resize(this.click, new Int8Array(capacity));
    this.readTime = resize(this.readTime, new Float32Array(capacity));
    this.like = resize(this.like, new Int8Array(capacity));
  }
}

function resize<T extends Int32Array | Float64Array | Int8Array | Float32Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
