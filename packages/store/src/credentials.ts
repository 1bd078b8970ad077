/**
 * The development access key pair of the Rekognition endpoint, created on first start and
 * kept in `<dataDir>/credentials.json` (mode 0600). The server prints it once, when created.
 * @module
 */
import { randomInt } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const CREDENTIALS_FILE = 'credentials.json';

export interface StoredCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** True when this call generated the pair (the caller prints it once). */
  created: boolean;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A fresh pair shaped like AWS's: `AKIA` + 16 base32 characters, and a 40-character secret. */
export function generateCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: `AKIA${randomFrom(BASE32, 16)}`,
    secretAccessKey: randomFrom(SECRET_ALPHABET, 40),
  };
}

/**
 * Reads the pair from `<dataDir>/credentials.json`, or creates it there (mode 0600) on first
 * use. Creation is atomic: the file is written under a temporary name and hard-linked into
 * place, so two processes starting at once end up with the same pair and no reader ever sees
 * a half-written file.
 */
export function loadOrCreateCredentials(dataDir: string): StoredCredentials {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, CREDENTIALS_FILE);
  const existing = readCredentials(file);
  if (existing) return { ...existing, created: false };

  const pair = generateCredentials();
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(pair, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const winner = readCredentials(file);
    if (!winner) throw new Error(`${file} exists but does not hold an access key pair`);
    return { ...winner, created: false };
  } finally {
    unlinkSync(tmp);
  }
  return { ...pair, created: true };
}

function readCredentials(
  file: string,
): { accessKeyId: string; secretAccessKey: string } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const parsed = JSON.parse(text) as Partial<{ accessKeyId: unknown; secretAccessKey: unknown }>;
  if (typeof parsed.accessKeyId !== 'string' || typeof parsed.secretAccessKey !== 'string') {
    throw new Error(`${file} does not hold an access key pair`);
  }
  // Tighten a file someone loosened: it holds a secret.
  chmodSync(file, 0o600);
  return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
}
