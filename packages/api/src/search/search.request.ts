/**
 * Contract A's request body: read as JSON whatever the Content-Type says, validated with the
 * hands-on Lambda's rules and messages, and its image decoded from base64 or a data URL.
 * @module
 */
import { Buffer } from 'node:buffer';
import { failed, Messages, WireError } from './search.responses.js';

export interface SearchInput {
  image: Uint8Array;
  threshold?: number;
}

const bad = (msg: string) => new WireError(failed(400, msg));

/**
 * Parses the body text as the hands-on's `load_json` does: absent or empty → "Data required",
 * unparsable → "json decode error". An already-parsed object (the Lambda console's test event
 * carries `body` as an object) is taken as is.
 */
export function parseJsonBody(body: string | object | null | undefined): unknown {
  if (body === null || body === undefined) throw bad(Messages.dataRequired);
  if (typeof body !== 'string') return body;
  if (body.trim() === '') throw bad(Messages.dataRequired);
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw bad(Messages.jsonDecode);
  }
}

/** Python's truthiness, which the hands-on uses for "Data required". */
const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  v === false ||
  v === 0 ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/**
 * The hands-on's `check_validation`: each problem is listed, joined by ", " after "[FAILED]".
 * `threshold` is optional; a boolean is not a number (Python's `type(x) in (float, int)`). Its
 * range is not checked here, as the hands-on's Lambda does not: outside 0–100 Rekognition answers
 * ValidationException, which maps to a 500 naming it (never to 421 "no face").
 */
export function validateSearchBody(
  parsed: unknown,
  imageKey = 'image_base64str',
): { image: string; threshold?: number } {
  if (isEmpty(parsed)) throw bad(Messages.dataRequired);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bad(Messages.invalidBodyType);
  const body = parsed as Record<string, unknown>;
  const errors: string[] = [];
  const image = body[imageKey];
  if (!(imageKey in body)) errors.push(`key "${imageKey}" not found`);
  else if (image === '') errors.push(`no value found for "${imageKey}"`);
  else if (typeof image !== 'string') errors.push(`invalid value type: "${imageKey}"`);
  const threshold = body.threshold;
  if ('threshold' in body && (typeof threshold !== 'number' || !Number.isFinite(threshold))) {
    errors.push('invalid value type: "threshold"');
  }
  if (errors.length > 0) throw bad(`[FAILED]${errors.join(', ')}`);
  return { image: image as string, ...(typeof threshold === 'number' ? { threshold } : {}) };
}

/** Drops everything up to the first comma (a data-URL prefix), then decodes base64 leniently, as Python's b64decode does. */
export function decodeImageBase64(value: string): Uint8Array {
  const data = value.slice(value.indexOf(',') + 1);
  return Buffer.from(data, 'base64');
}
