/**
 * An API failure as the user reads it: a sentence in their language without HTTP jargon, and a
 * details line (status, server message) for whoever has to fix it.
 * @module
 */
import { ApiError, type ApiErrorKind } from '../lib/api.js';
import type { MessageKey } from '../i18n/en.js';

export const ERROR_KEYS: Record<ApiErrorKind, MessageKey> = {
  forbidden: 'errForbidden',
  noFace: 'errNoFace',
  tooLarge: 'errTooLarge',
  format: 'errFormat',
  tooMany: 'errTooMany',
  badRequest: 'errBadRequest',
  server: 'errServer',
  timeout: 'errTimeout',
  network: 'errNetwork',
  simRefused: 'errSimRefused',
};

export interface ShownError {
  kind: ApiErrorKind;
  key: MessageKey;
  /** `HTTP 403 · Forbidden`; empty when the request never got an answer. */
  details: string;
}

export function shownError(err: unknown): ShownError {
  const kind: ApiErrorKind = err instanceof ApiError ? err.kind : 'network';
  return { kind, key: ERROR_KEYS[kind], details: errorDetails(err) };
}

export function errorDetails(err: unknown): string {
  if (!(err instanceof ApiError) || err.status === 0) return '';
  const msg = err.message.slice(0, 200);
  return msg ? `HTTP ${err.status} · ${msg}` : `HTTP ${err.status}`;
}
