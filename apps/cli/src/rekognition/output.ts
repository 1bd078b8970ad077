/**
 * What a command prints: the Rekognition response as JSON on stdout (without the SDK's
 * $metadata), and images read from disk or named as s3://bucket/key.
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { Image } from '@aws-sdk/client-rekognition';
import { fitForBytes } from './shrink.js';

export function printJson(response: object): void {
  const { $metadata: _omit, ...rest } = response as { $metadata?: unknown };
  process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
}

/** `s3://Bucket/Name` becomes an S3Object (read by the server); anything else is a local file. */
export async function imageArg(arg: string): Promise<Image> {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(arg);
  if (s3) return { S3Object: { Bucket: s3[1], Name: s3[2] } };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(arg));
  } catch (err) {
    throw new Error(
      `cannot read image ${arg}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  return { Bytes: await fitForBytes(bytes) };
}

/** commander parser for integer options. */
export function intOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`'${value}' is not an integer`);
  return n;
}

export function numberOption(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`'${value}' is not a number`);
  return n;
}
