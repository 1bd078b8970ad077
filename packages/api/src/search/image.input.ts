/**
 * Bodies accepted beside contract A by /recognize and /faces: JSON with a base64 image (as
 * /search), `multipart/form-data` with an `image` file, or a raw `image/jpeg` / `image/png`
 * body with the other fields in the query string.
 * @module
 */
import { Buffer } from 'node:buffer';
import { decodeImageBase64, parseJsonBody } from './search.request.js';
import { failed, Messages, WireError } from './search.responses.js';

export interface ImageRequest {
  image: Uint8Array;
  /** Other fields, as strings (form, query) or JSON values. */
  fields: Record<string, unknown>;
}

const bad = (msg: string) => new WireError(failed(400, msg));

/** Reads the image and its fields from a body already read (and size-checked). */
export async function readImageRequest(
  bytes: Uint8Array,
  contentType: string,
  query: Record<string, string>,
): Promise<ImageRequest> {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'image/jpeg' || type === 'image/png' || type === 'application/octet-stream') {
    if (bytes.length === 0) throw bad(Messages.dataRequired);
    return { image: bytes, fields: { ...query } };
  }
  if (type === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Request('http://local/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: Buffer.from(bytes),
      }).formData();
    } catch {
      throw bad('[FAILED]multipart decode error');
    }
    const fields: Record<string, unknown> = { ...query };
    let image: Uint8Array | undefined;
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') fields[key] = value;
      else if (key === 'image' || image === undefined)
        image = new Uint8Array(await value.arrayBuffer());
    }
    if (image === undefined && typeof fields.image_base64str === 'string')
      image = decodeImageBase64(fields.image_base64str);
    if (!image) throw bad('[FAILED]key "image" not found');
    return { image, fields };
  }
  const parsed = parseJsonBody(bytes.length ? new TextDecoder().decode(bytes) : undefined);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bad(Messages.invalidBodyType);
  const fields = { ...query, ...(parsed as Record<string, unknown>) };
  const value = fields.image_base64str;
  if (value === undefined) throw bad('[FAILED]key "image_base64str" not found');
  if (typeof value !== 'string' || value === '')
    throw bad('[FAILED]invalid value type: "image_base64str"');
  return { image: decodeImageBase64(value), fields };
}

/** An optional number field in [min, max] (a string from a form or query is converted). */
export function numberField(
  fields: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = fields[name];
  // An empty query or form field (`?threshold=`) is an absent one; a blank string is a typo:
  // Number(' ') would read it as 0, and a threshold of 0 names anyone.
  if (raw === undefined || raw === '') return undefined;
  const value = typeof raw === 'string' ? (raw.trim() === '' ? NaN : Number(raw)) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw bad(`[FAILED]invalid value type: "${name}"`);
  }
  return value;
}
