/**
 * Errors raised by the features layer. Each carries a stable `code` that callers and the CLI
 * can match on, and `details` with the offending values.
 */
export type FeatureErrorCode =
  /** An option is missing, of the wrong type or outside its documented range. */
  | 'FEATURES_INVALID_OPTIONS'
  /** A quantile cutoff was requested for a table without rows. */
  | 'FEATURES_EMPTY_TABLE'
  /** A serialised vocabulary is malformed (wrong format tag, duplicate keys, bad counts). */
  | 'FEATURES_INVALID_VOCABULARY'
  /** Arrays passed together do not line up (an interaction table with other article codes). */
  | 'FEATURES_SHAPE_MISMATCH';

export class FeatureError extends Error {
  readonly code: FeatureErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: FeatureErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'FeatureError';
    this.code = code;
    this.details = details;
  }
}

/** Formats zod issues as `path: message` pairs for an error message. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join('.') || 'options'}: ${issue.message}`).join('; ');
}
