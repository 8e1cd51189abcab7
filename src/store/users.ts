import type Database from 'better-sqlite3';
import { z } from 'zod';

import type { User } from '../data/types.js';
import { epochMs, parseRow, parseStringArray, rawId } from './validation.js';

const userSchema = z.object({
  userId: rawId,
  preferredTopics: z.array(z.string()),
  signupDate: epochMs.nullable(),
});

interface UserRow {
  user_id: string;
  preferred_topics: string;
  signup_date: number | null;
}

/** The users table: profile data for cold start (preferred topics, signup date). */
export class UserTable {
  private readonly upsertStatement: Database.Statement;
  private readonly getStatement: Database.Statement;
  private readonly countStatement: Database.Statement;
  private readonly upsertBatch: (users: User[]) => void;

  constructor(db: Database.Database) {
    this.upsertStatement = db.prepare(`
      INSERT INTO users (user_id, preferred_topics, signup_date) VALUES (@userId, @preferredTopics, @signupDate)
      ON CONFLICT (user_id) DO UPDATE SET preferred_topics = excluded.preferred_topics, signup_date = excluded.signup_date
    `);
    this.getStatement = db.prepare('SELECT * FROM users WHERE user_id = ?');
    this.countStatement = db.prepare('SELECT COUNT(*) AS count FROM users');
    this.upsertBatch = db.transaction((users: User[]) => {
      for (const user of users) {
        this.upsertStatement.run({ ...user, preferredTopics: JSON.stringify(user.preferredTopics) });
      }
    });
  }

  /** Inserts or replaces one user. Throws `STORE_INVALID_INPUT` naming the field. */
  upsert(user: User): void {
    this.upsertMany([user]);
  }

  /** Inserts or replaces many users in one transaction, validating all first. */
  upsertMany(users: readonly User[]): void {
    const valid = users.map((user, i) =>
      parseRow(userSchema, user, `user ${i} (user_id ${JSON.stringify((user as Partial<User>)?.userId)})`),
    );
    this.upsertBatch(valid);
  }

  /** Returns the user, or null when not stored. */
  get(userId: string): User | null {
    const row = this.getStatement.get(userId) as UserRow | undefined;
    if (!row) return null;
    return { userId: row.user_id, preferredTopics: parseStringArray(row.preferred_topics), signupDate: row.signup_date };
  }

  /** Number of stored users. */
  count(): number {
    return (this.countStatement.get() as { count: number }).count;
  }
}
