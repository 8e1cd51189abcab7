/**
 * Reader for the optional canonical user table (users.csv / .jsonl, optionally .gz).
 * Columns: user_id (required), preferred_topics (list), signup_date (time).
 */
import { checkId, parseList, quoteValue } from './cell-values.js';
import type { LoadContext } from './load-options.js';
import { warnIfNoRows } from './read-articles.js';
import { readTable, tableFormatOf, type ColumnSpec } from './readers/table-reader.js';
import { TimestampParser } from './timestamps.js';
import type { User } from './types.js';

export const USER_COLUMNS: readonly ColumnSpec[] = [
  { name: 'user_id', required: true },
  { name: 'preferred_topics', required: false, list: true },
  { name: 'signup_date', required: false },
];

/** Reads one canonical user file into `users`. An empty or header-only file only warns. */
export async function readUsersFile(path: string, file: string, users: Map<string, User>, context: LoadContext): Promise<void> {
  const { report } = context;
  const counter = report.openTable(file, 'users', tableFormatOf(path) ?? 'csv');
  const signupDates = new TimestampParser();

  const result = await readTable(path, USER_COLUMNS, counter, report, context.limits, (values, line) => {
    const [userId, topicsText, signupText] = values;
    const idProblem = checkId(userId);
    if (idProblem !== null) {
      if (idProblem === 'missing') counter.reject(line, 'missing_user_id', 'user_id is empty');
      else counter.reject(line, 'invalid_id', `user_id ${quoteValue(userId)} contains a control character or is too long`);
      return;
    }

    const preferredTopics = parseList(topicsText);
    if (preferredTopics === null) {
      counter.reject(
        line,
        'invalid_value',
        `preferred_topics ${quoteValue(topicsText)} starts with "[" but is not a JSON array of strings`,
      );
      return;
    }

    let signupDate: number | null = null;
    if (signupText.length > 0) {
      signupDate = signupDates.parse(signupText);
      if (Number.isNaN(signupDate)) {
        counter.reject(line, 'invalid_timestamp', `signup_date: ${signupDates.describeProblem(signupText)}`);
        return;
      }
    }

    const user: User = { userId, preferredTopics, signupDate };
    const existing = users.get(userId);
    if (existing === undefined) {
      users.set(userId, user);
      counter.accept();
    } else if (sameUser(existing, user)) {
      counter.countDuplicate();
    } else {
      counter.reject(line, 'duplicate_user_id', `user_id ${quoteValue(userId)} appears again with different content; the first row was kept`);
    }
  });

  report.setTimestampFormat(file, signupDates.format);
  warnIfNoRows(context, file, result.empty, counter.read, 'user');
}

function sameUser(a: User, b: User): boolean {
  return (
    a.signupDate === b.signupDate &&
    a.preferredTopics.length === b.preferredTopics.length &&
    a.preferredTopics.every((topic, i) => topic === b.preferredTopics[i])
  );
}
