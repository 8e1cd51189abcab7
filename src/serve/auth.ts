import { createHash, timingSafeEqual } from 'node:crypto';

import type { FastifyRequest } from 'fastify';

import { ServeError } from './errors.js';

/**
 * Checks the API key of write and admin requests: the `x-api-key` header, or
 * `Authorization: Bearer <key>`. Both sides are hashed with SHA-256 before `timingSafeEqual`,
 * so the comparison takes the same time whatever the length or content of the sent key.
 */
export class ApiKeyCheck {
  private readonly expected: Buffer;

  constructor(apiKey: string) {
    this.expected = digest(apiKey);
  }

  /** Throws `unauthorized` unless the request carries the key. Never logs or echoes the key. */
  verify(request: FastifyRequest): void {
    const sent = sentKey(request);
    if (sent === null) {
      throw new ServeError('unauthorized', 'missing API key: this endpoint changes data and needs the x-api-key header', {});
    }
    if (!timingSafeEqual(digest(sent), this.expected)) {
      throw new ServeError('unauthorized', 'invalid API key', {});
    }
  }
}

function sentKey(request: FastifyRequest): string | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return authorization.slice('Bearer '.length);
  return null;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
