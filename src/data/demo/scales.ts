/**
 * Sizes of the demo data sets.
 *
 * `small` is sized for a demo run (generate, train, evaluate) of about a minute on two cores;
 * generating it takes about a second. `seed` matches the reference size of the throughput benchmark (120k users, 6,200
 * articles, about 1M interactions).
 */
export type DemoScale = 'small' | 'seed';

export const DEMO_SCALES = ['small', 'seed'] as const satisfies readonly DemoScale[];

export interface DemoScaleConfig {
  /**
   * Users who visit the site, registered or anonymous. Each has at least one session, but a
   * session before the first article is published yields no row.
   */
  users: number;
  articles: number;
  authors: number;
  /** Expected number of interaction rows; the generated count lands within a few percent. */
  targetInteractions: number;
  /** Category bursts (a release or conference week) besides the launch burst. */
  bursts: number;
}

export const DEMO_SCALE_CONFIGS: Readonly<Record<DemoScale, DemoScaleConfig>> = {
  small: { users: 3_000, articles: 600, authors: 36, targetInteractions: 60_000, bursts: 5 },
  seed: { users: 120_000, articles: 6_200, authors: 220, targetInteractions: 1_000_000, bursts: 14 },
};

/** First instant of the demo year, 2024-01-01T00:00:00Z, in ms since the epoch. */
export const DEMO_START_MS = Date.UTC(2024, 0, 1);

/** End of the demo year (exclusive), 2025-01-01T00:00:00Z, in ms since the epoch. */
export const DEMO_END_MS = Date.UTC(2025, 0, 1);

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
