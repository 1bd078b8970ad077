/**
 * Turns anything a handler threw into SORACOM's error body, in one place: SORACOM errors as
 * they are, malformed URLs as 400, the rest as a 500 that names no internals.
 * @module
 */
import type { ServerResponse } from 'node:http';
import { isSoracomApiError, SoracomErrors } from '../errors.js';
import { sendJson } from './http.util.js';

export function answerError(
  res: ServerResponse,
  e: unknown,
  log: (line: string) => void,
  headers: Record<string, string> = {},
): void {
  const err = isSoracomApiError(e)
    ? e
    : e instanceof URIError
      ? SoracomErrors.invalidRequest('Malformed percent-encoding in the path')
      : SoracomErrors.internal();
  if (!isSoracomApiError(e) && !(e instanceof URIError)) {
    log(`internal error: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, err.status, err.toBody(), headers);
}
