import { StoreError } from '../store/index.js';
import { type ErrorBody, ServeError } from './errors.js';

/**
 * Maps any error thrown while handling a request to its status and `{ code, message, details }`
 * body: catalogue errors as they are, fastify's body-parsing errors and the store's validation
 * errors to their catalogue codes, anything else to `internal_error` without internals.
 */
export function toErrorResponse(error: unknown, bodyLimitBytes: number): { status: number; body: ErrorBody } {
  const serveError = toServeError(error, bodyLimitBytes);
  return { status: serveError.status, body: serveError.toBody() };
}

function toServeError(error: unknown, bodyLimitBytes: number): ServeError {
  if (error instanceof ServeError) return error;
  if (error instanceof StoreError) {
    if (error.code === 'STORE_INVALID_INPUT') return new ServeError('invalid_request', error.message, { storeCode: error.code });
    if (error.code === 'STORE_NOT_FOUND') return new ServeError('article_not_found', error.message, { storeCode: error.code });
  }

  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ServeError('payload_too_large', `the request body is larger than ${bodyLimitBytes} bytes`, { limitBytes: bodyLimitBytes });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ServeError('unsupported_media_type', (error as Error).message, {});
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ServeError('invalid_json', 'the body is empty but the content type is application/json', {});
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ServeError('invalid_json', `the body is not valid JSON: ${(error as Error).message}`, {});
  }
  // Other client errors fastify raises before the handler (for example a malformed URL).
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ServeError('invalid_request', (error as Error).message, { fastifyCode: typeof code === 'string' ? code : null });
  }
  return new ServeError('internal_error', 'the server failed to handle the request', {}, { cause: error });
}
