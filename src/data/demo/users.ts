import type { Rng } from '../../tensor/random.js';
import { logNormal, uniform, weightedIndex } from './sampling.js';
import { DAY_MS, DEMO_END_MS, DEMO_START_MS } from './scales.js';
import { DEMO_CATEGORIES, categoryIndex } from './topics.js';

/** Maximum number of interest topics per user; `interests` has this many slots per user. */
export const INTEREST_SLOTS = 3;

/**
 * The latent state of every simulated user, one entry per user index (a structure of arrays,
 * so 120k users need no per-user objects).
 */
export interface DemoUsers {
  count: number;
  /** `u000001`, ... */
  ids: string[];
  /** 1 when the user has an account (a row in users.csv), 0 for anonymous visitors. */
  registered: Uint8Array;
  /** Account creation time in ms, NaN for anonymous visitors. */
  signupAt: Float64Array;
  /** First and last instant (ms) at which the user may start a session. */
  activeFrom: Float64Array;
  activeUntil: Float64Array;
  /** Relative session rate (log-normal, heavy tail of power readers). */
  activity: Float64Array;
  /** [count x INTEREST_SLOTS] category indices, -1 for an unused slot. */
  interests: Int16Array;
  /** [count x INTEREST_SLOTS] relative weight of each interest. */
  interestWeights: Float32Array;
  /** Time (ms) from which `driftCategory` replaces the interest in `driftSlot`; Infinity for none. */
  driftAt: Float64Array;
  driftSlot: Int8Array;
  driftCategory: Int16Array;
  /** Topics the user stated at signup (category names), or null when the profile has none. */
  preferredTopics: (string[] | null)[];
}

const REGISTERED_SHARE = 0.85;
/** Share of registered users who filled in preferred topics. */
const PROFILE_TOPICS_SHARE = 0.35;
/** Share of users whose interests drift once during the year. */
const DRIFT_SHARE = 0.45;
/** Share of users who stop visiting before the end of the year. */
const CHURN_SHARE = 0.25;
/** Share of users who already had an account (or visited) before the year started. */
const EXISTING_SHARE = 0.4;

/** Creates `count` users with interests, drift, activity and optional profiles. */
export function generateUsers(rng: Rng, count: number): DemoUsers {
  const users: DemoUsers = {
    count,
    ids: [],
    registered: new Uint8Array(count),
    signupAt: new Float64Array(count),
    activeFrom: new Float64Array(count),
    activeUntil: new Float64Array(count),
    activity: new Float64Array(count),
    interests: new Int16Array(count * INTEREST_SLOTS).fill(-1),
    interestWeights: new Float32Array(count * INTEREST_SLOTS),
    driftAt: new Float64Array(count).fill(Infinity),
    driftSlot: new Int8Array(count),
    driftCategory: new Int16Array(count).fill(-1),
    preferredTopics: [],
  };
  const width = String(count).length;

  for (let u = 0; u < count; u++) {
    users.ids.push(`u${String(u + 1).padStart(Math.max(6, width), '0')}`);
    assignLifetime(rng, users, u);
    assignInterests(rng, users, u);
    assignDrift(rng, users, u);
    users.activity[u] = logNormal(rng, 0, 0.9);
    users.preferredTopics.push(users.registered[u] === 1 ? statedTopics(rng, users, u) : null);
  }
  return users;
}

/** Category indices the user is interested in at `time`, drift applied; written into `out`. */
export function interestsAt(users: DemoUsers, user: number, time: number, out: Int16Array): Int16Array {
  for (let slot = 0; slot < INTEREST_SLOTS; slot++) out[slot] = users.interests[user * INTEREST_SLOTS + slot];
  if (time >= users.driftAt[user]) out[users.driftSlot[user]] = users.driftCategory[user];
  return out;
}

function assignLifetime(rng: Rng, users: DemoUsers, u: number): void {
  const existing = rng.nextFloat() < EXISTING_SHARE;
  // Existing users signed up during the two years before the demo year; the rest arrive
  // uniformly during it. Anonymous visitors get the same arrival pattern without a signup date.
  const arrival = existing ? uniform(rng, DEMO_START_MS - 730 * DAY_MS, DEMO_START_MS) : uniform(rng, DEMO_START_MS, DEMO_END_MS);
  users.registered[u] = rng.nextFloat() < REGISTERED_SHARE ? 1 : 0;
  users.signupAt[u] = users.registered[u] === 1 ? Math.floor(arrival / 1000) * 1000 : NaN;

  users.activeFrom[u] = Math.max(arrival, DEMO_START_MS);
  users.activeUntil[u] = rng.nextFloat() < CHURN_SHARE ? uniform(rng, users.activeFrom[u], DEMO_END_MS) : DEMO_END_MS;
}

function assignInterests(rng: Rng, users: DemoUsers, u: number): void {
  const audienceShares = DEMO_CATEGORIES.map((category) => category.audienceShare);
  // 45% of users follow one topic, 35% two and 20% three.
  const draw = rng.nextFloat();
  let count = 3;
  if (draw < 0.45) count = 1;
  else if (draw < 0.8) count = 2;

  const first = weightedIndex(rng, audienceShares);
  const chosen = [first];
  while (chosen.length < count) {
    // Readers of one topic often follow a related one (Python and Machine Learning).
    const related = DEMO_CATEGORIES[first].related;
    const candidate =
      rng.nextFloat() < 0.6 ? categoryIndex(related[rng.nextInt(related.length)]) : weightedIndex(rng, audienceShares);
    if (!chosen.includes(candidate)) chosen.push(candidate);
  }

  for (let slot = 0; slot < chosen.length; slot++) {
    users.interests[u * INTEREST_SLOTS + slot] = chosen[slot];
    users.interestWeights[u * INTEREST_SLOTS + slot] = slot === 0 ? 1 : uniform(rng, 0.3, 0.8);
  }
}

function assignDrift(rng: Rng, users: DemoUsers, u: number): void {
  if (rng.nextFloat() >= DRIFT_SHARE) return;

  const from = users.activeFrom[u];
  const span = users.activeUntil[u] - from;
  users.driftAt[u] = from + span * uniform(rng, 0.2, 0.9);

  let used = 0;
  while (used < INTEREST_SLOTS && users.interests[u * INTEREST_SLOTS + used] !== -1) used++;
  const slot = rng.nextInt(used);
  const current = Array.from(users.interests.subarray(u * INTEREST_SLOTS, u * INTEREST_SLOTS + used));
  const replaced = current[slot];

  // The new interest is often a neighbour of the old one (DevOps -> Cloud), otherwise any
  // category, never one the user already follows.
  const audienceShares = DEMO_CATEGORIES.map((category, index) => (current.includes(index) ? 0 : category.audienceShare));
  const related = DEMO_CATEGORIES[replaced].related.map(categoryIndex).filter((index) => !current.includes(index));
  const next =
    related.length > 0 && rng.nextFloat() < 0.5 ? related[rng.nextInt(related.length)] : weightedIndex(rng, audienceShares);

  users.driftSlot[u] = slot;
  users.driftCategory[u] = next;
}

/** Preferred topics as stated at signup: the initial interests (all, or only the main one). */
function statedTopics(rng: Rng, users: DemoUsers, u: number): string[] | null {
  if (rng.nextFloat() >= PROFILE_TOPICS_SHARE) return null;
  const topics: string[] = [];
  const all = rng.nextFloat() < 0.7;
  for (let slot = 0; slot < INTEREST_SLOTS; slot++) {
    const category = users.interests[u * INTEREST_SLOTS + slot];
    if (category === -1 || (!all && slot > 0)) continue;
    topics.push(DEMO_CATEGORIES[category].name);
  }
  return topics;
}
