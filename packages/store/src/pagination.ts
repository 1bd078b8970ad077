/**
 * Opaque pagination tokens. A token names what it pages (kind and collection) and where the
 * last page ended, so a token from another listing or another collection is refused with
 * InvalidPaginationTokenException rather than silently restarting.
 * @module
 */
import { Errors, type ListPage } from '@facegate/core';

interface TokenBody {
  v: 1;
  /** What is being listed: 'collections' | 'faces' | 'users'. */
  k: string;
  /** Internal collection row id (0 for collections). */
  c: number;
  /** The sort key of the last item returned. */
  a: string | number;
}

const invalid = () => Errors.invalidPaginationToken('Invalid pagination token');

export function encodeToken(kind: string, collection: number, after: string | number): string {
  const body: TokenBody = { v: 1, k: kind, c: collection, a: after };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** Decodes a token made by encodeToken for the same kind and collection, else throws. */
export function decodeToken<T extends string | number>(
  token: string,
  kind: string,
  collection: number,
  afterType: 'string' | 'number',
): T {
  if (typeof token !== 'string' || token.length === 0 || token.length > 2048) throw invalid();
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const b = body as Partial<TokenBody> | null;
  if (!b || typeof b !== 'object' || b.v !== 1 || b.k !== kind || b.c !== collection) {
    throw invalid();
  }
  if (typeof b.a !== afterType) throw invalid();
  return b.a as T;
}

/** A page from `limit + 1` rows: the extra row only proves that another page exists. */
export function page<T>(items: T[], limit: number, tokenFor: (last: T) => string): ListPage<T> {
  if (items.length <= limit) return { items };
  const kept = items.slice(0, limit);
  return { items: kept, nextToken: tokenFor(kept[kept.length - 1] as T) };
}
