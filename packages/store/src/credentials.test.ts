import { statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CREDENTIALS_FILE, loadOrCreateCredentials } from './credentials.js';
import { tempDir } from './test/fixtures.js';

describe('loadOrCreateCredentials', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.remove());

  it('creates an AWS-shaped pair once, in a 0600 file, and returns it afterwards', () => {
    const dir = path.join(t.dir, 'data');
    const first = loadOrCreateCredentials(dir);
    expect(first.created).toBe(true);
    expect(first.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(first.secretAccessKey).toMatch(/^[A-Za-z0-9/+]{40}$/);
    expect(statSync(path.join(dir, CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);

    const again = loadOrCreateCredentials(dir);
    expect(again).toEqual({ ...first, created: false });
    expect(loadOrCreateCredentials(path.join(t.dir, 'other')).accessKeyId).not.toBe(
      first.accessKeyId,
    );
  });

  it('keeps a pair written by hand, tightening its mode, and refuses a malformed file', () => {
    const file = path.join(t.dir, CREDENTIALS_FILE);
    writeFileSync(file, JSON.stringify({ accessKeyId: 'AKIAHAND', secretAccessKey: 's3cr3t' }));
    chmodSync(file, 0o644);
    expect(loadOrCreateCredentials(t.dir)).toEqual({
      accessKeyId: 'AKIAHAND',
      secretAccessKey: 's3cr3t',
      created: false,
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, '{"accessKeyId": 1}');
    expect(() => loadOrCreateCredentials(t.dir)).toThrow(/access key pair/);
  });
});
