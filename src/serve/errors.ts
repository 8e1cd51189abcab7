/**
 * The service's error catalogue: every error an HTTP client can get, with a stable code, its
 * HTTP status and what the client should do. Responses carry `{ code, message, details }`;
 * clients branch on `code`, never on the message. docs/serving.md lists the same table.
 */
export const SERVE_ERRORS = {
  invalid_request: { status: 400, fix: 'Fix the fields listed in details and send the request again.' },
  invalid_json: { status: 400, fix: 'Send a well-formed JSON body (NaN, Infinity and trailing commas are not JSON).' },
  unauthorized: { status: 401, fix: 'Send the API key in the x-api-key header (or Authorization: Bearer <key>).' },
  article_not_found: { status: 404, fix: 'PUT the article first, or check the URL encoding of its id.' },
  model_version_not_found: { status: 404, fix: 'Register the version with POST /v1/admin/models first.' },
  route_not_found: { status: 404, fix: 'Check the method and path against the OpenAPI page at /docs.' },
  model_version_exists: { status: 409, fix: 'Choose a new version label; a registered version never changes its path.' },
  activation_in_progress: { status: 409, fix: 'Wait for the running activation to finish, then retry.' },
  payload_too_large: { status: 413, fix: 'Split the batch or shorten the body below the limit in details.' },
  unsupported_media_type: { status: 415, fix: 'Send the body as application/json.' },
  model_load_failed: { status: 422, fix: 'Check the model directory named in the message; the active model is unchanged.' },
  not_ready: { status: 503, fix: 'Retry after the service has activated a model (GET /readyz returns 200).' },
  internal_error: { status: 500, fix: 'Retry; if it persists, report the request id from the x-request-id header.' },
} as const satisfies Record<string, { status: number; fix: string }>;

export type ServeErrorCode = keyof typeof SERVE_ERRORS;

/** JSON body of every error response. */
export interface ErrorBody {
  code: ServeErrorCode;
  message: string;
  details: Record<string, unknown>;
}

export class ServeError extends Error {
  readonly code: ServeErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: ServeErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServeError';
    this.code = code;
    this.status = SERVE_ERRORS[code].status;
    this.details = details;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, details: { ...this.details, fix: SERVE_ERRORS[this.code].fix } };
  }
}

/** One field problem of an invalid request, as listed in `details.issues`. */
export interface FieldIssue {
  /** Location of the problem: 'body', 'query' or 'params', then the path inside, e.g. 'body.0.timestamp'. */
  path: string;
  message: string;
}

/** Builds the `invalid_request` error for a list of field issues; the message names the first. */
export function invalidRequest(issues: FieldIssue[]): ServeError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return new ServeError('invalid_request', `invalid ${first.path}: ${first.message}${more}`, { issues });
}
