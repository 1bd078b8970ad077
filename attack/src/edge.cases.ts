/**
 * Attacks beyond malformed bodies: oversized and chunked bodies, SigV4 tampering, traversal out
 * of the data folder (request paths, S3Object keys, a bucket symlink, a FIFO).
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { hit, type Outcome } from './http.js';
import { check, type Check } from './result.js';
import { rekognitionRequest, signV4 } from './sigv4.js';
import type { Target } from './target.js';
import { FUZZ_COLLECTION } from './fuzz.cases.js';

const DEADLINE = 60_000;
const MiB = 1024 * 1024;

/** Refused as Rekognition refuses a bad signature: 400/403 with a signature error type. */
const authRefused = (o: Outcome) =>
  (o.status === 400 || o.status === 403) &&
  /Signature|Authentication|Unrecognized|AccessDenied|InvalidParameter|Token/i.test(
    String(o.headers['x-amzn-errortype'] ?? o.body.toString('utf8')),
  );
const refused = (o: Outcome) => !o.hang && o.status >= 400 && o.status < 500;
const describe = (o: Outcome) =>
  o.hang
    ? 'hang'
    : o.status === 0
      ? `error ${o.error}`
      : `${o.status} ${o.body.toString('utf8').slice(0, 120)}`;

/** A stream of `total` bytes in 64 KiB chunks, made on the fly (never held whole). */
export function zeros(total: number, onChunk?: (sent: number) => boolean): () => Readable {
  return () => {
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    return new Readable({
      read() {
        if (sent >= total || (onChunk && !onChunk(sent))) return this.push(null);
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      },
    });
  };
}

export async function oversizedBodies(t: Target): Promise<Check[]> {
  const out: Check[] = [];
  const targets: Array<[string, Record<string, string>]> = [
    [
      '/',
      {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'RekognitionService.DetectFaces',
      },
    ],
    ['/prod/search', { 'x-api-key': t.apiKey, 'content-type': 'application/json' }],
    ['/prod/recognize', { 'x-api-key': t.apiKey, 'content-type': 'image/jpeg' }],
    ['/prod/faces', { 'x-api-key': t.apiKey, 'content-type': 'application/json' }],
  ];
  for (const [p, headers] of targets) {
    const fixed = await hit(
      t.url,
      {
        path: p,
        headers: { ...headers, 'content-length': String(24 * MiB) },
        body: zeros(24 * MiB),
      },
      DEADLINE,
    );
    out.push(
      check(
        'bodies',
        `${p}: 24 MiB with Content-Length`,
        refused(fixed) || fixed.status === 0,
        describe(fixed),
      ),
    );
    const chunked = await hit(
      t.url,
      { path: p, headers: { ...headers, 'transfer-encoding': 'chunked' }, body: zeros(24 * MiB) },
      DEADLINE,
    );
    out.push(
      check(
        'bodies',
        `${p}: 24 MiB chunked`,
        refused(chunked) || chunked.status === 0,
        describe(chunked),
      ),
    );
    const lying = await hit(
      t.url,
      { path: p, headers: { ...headers, 'content-length': '999999999' }, body: Buffer.from('{}') },
      5_000,
    );
    out.push(
      check(
        'bodies',
        `${p}: Content-Length larger than the body (client gives up after 5 s)`,
        t.exited() === undefined,
        lying.hang ? 'server waited for the rest (expected); still alive' : describe(lying),
      ),
    );
  }
  return out;
}

/**
 * One unauthenticated chunked POST of `total` bytes to the Rekognition endpoint, streamed on the
 * fly. The server's RSS is sampled while it runs; the stream stops early (and the check fails)
 * if RSS grows by more than `abortMb`, so a server that buffers cannot take the machine down.
 */
export async function bigChunkedPost(
  t: Target,
  total: number,
  abortMb: number,
): Promise<{ check: Check; idle: number; peak: number; after: number }> {
  await new Promise((r) => setTimeout(r, 1000));
  const idle = t.rssMb();
  let peak = idle;
  let aborted = false;
  const sampler = setInterval(() => {
    peak = Math.max(peak, t.rssMb());
    if (peak - idle > abortMb) aborted = true;
  }, 50);
  let sent = 0;
  const o = await hit(
    t.url,
    {
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'RekognitionService.DetectFaces',
        'transfer-encoding': 'chunked',
      },
      body: zeros(total, (s) => ((sent = s), !aborted)),
    },
    120_000,
  );
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 3000));
  const after = t.rssMb();
  peak = Math.max(peak, after);
  const gib = (total / 1024 ** 3).toFixed(total >= 1024 ** 3 ? 0 : 2);
  const passed =
    !aborted &&
    after - idle <= 64 &&
    peak - idle <= 64 + 64 &&
    t.exited() === undefined &&
    (o.status === 0 || refused(o));
  return {
    idle,
    peak,
    after,
    check: check(
      'bodies',
      `${gib} GiB unauthenticated chunked POST to / (RSS within +64 MB of idle)`,
      passed,
      `${describe(o)}; streamed ${(sent / MiB).toFixed(0)} MiB${aborted ? ` (stopped: RSS grew more than ${abortMb} MB)` : ''}; RSS idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, 3 s after ${after.toFixed(0)} MB`,
    ),
  };
}

export async function sigv4Tampering(t: Target): Promise<Check[]> {
  const out: Check[] = [];
  const body = JSON.stringify({ CollectionId: FUZZ_COLLECTION });
  const send = (s: { path: string; headers: Record<string, string>; body: Buffer | string }) =>
    hit(t.url, s, DEADLINE);
  const good = rekognitionRequest(t.url, 'DescribeCollection', body, t.keys);
  const ok = await send(good);
  out.push(
    check(
      'sigv4',
      'control: a correctly signed DescribeCollection',
      ok.status === 200,
      describe(ok),
    ),
  );
  const tamper = async (name: string, mutate: (r: typeof good) => typeof good) => {
    const r = mutate(
      structuredClone(rekognitionRequest(t.url, 'DescribeCollection', body, t.keys)),
    );
    const o = await send(r);
    out.push(check('sigv4', name, refused(o), describe(o)));
  };
  await tamper('no Authorization header', (r) => (delete r.headers.authorization, r));
  await tamper(
    'signature flipped',
    (r) => (
      (r.headers.authorization = r.headers.authorization!.replace(
        /Signature=(.)/,
        (_, c: string) => `Signature=${c === 'a' ? 'b' : 'a'}`,
      )),
      r
    ),
  );
  await tamper(
    'unknown access key',
    (r) => (
      (r.headers.authorization = r.headers.authorization!.replace(
        t.keys.accessKeyId,
        'AKIAUNKNOWNUNKNOWN00',
      )),
      r
    ),
  );
  await tamper(
    'body changed after signing',
    (r) => ((r.body = Buffer.from(JSON.stringify({ CollectionId: 'other' }))), r),
  );
  await tamper(
    'x-amz-content-sha256 not the body hash',
    (r) => ((r.headers['x-amz-content-sha256'] = '0'.repeat(64)), r),
  );
  await tamper(
    'X-Amz-Target changed after signing (signed)',
    (r) => ((r.headers['x-amz-target'] = 'RekognitionService.DeleteCollection'), r),
  );
  await tamper(
    'Authorization garbage',
    (r) => (
      (r.headers.authorization = 'AWS4-HMAC-SHA256 Credential=/, SignedHeaders=, Signature='),
      r
    ),
  );
  await tamper(
    'Authorization of another scheme',
    (r) => ((r.headers.authorization = 'Basic YWRtaW46YWRtaW4='), r),
  );
  await tamper(
    'Authorization 10 KB',
    (r) => ((r.headers.authorization = `AWS4-HMAC-SHA256 Credential=${'A'.repeat(10000)}`), r),
  );
  const skewed = rekognitionRequest(t.url, 'DescribeCollection', body, t.keys, {
    date: new Date(Date.now() - 20 * 60_000),
  });
  const sk = await send(skewed);
  out.push(check('sigv4', 'date 20 minutes old', refused(sk), describe(sk)));
  const wrongSecret = rekognitionRequest(t.url, 'DescribeCollection', body, {
    ...t.keys,
    secretAccessKey: 'x'.repeat(40),
  });
  const ws = await send(wrongSecret);
  out.push(check('sigv4', 'signed with a wrong secret', refused(ws), describe(ws)));

  // The three gaps of issue 12: the operation and the content type must be signed, and the
  // payload hash must be real. Each is tried on a victim collection recreated for it; it must
  // be refused as a signature error and the victim must survive.
  const victim = 'attack-victim';
  const victimBody = JSON.stringify({ CollectionId: victim });
  const gap = async (
    name: string,
    request: () => { headers: Record<string, string>; body: string },
  ) => {
    await send(rekognitionRequest(t.url, 'CreateCollection', victimBody, t.keys));
    const r = request();
    const o = await send({ path: '/', ...r });
    const alive = await send(rekognitionRequest(t.url, 'DescribeCollection', victimBody, t.keys));
    out.push(
      check(
        'sigv4',
        name,
        authRefused(o) && alive.status === 200,
        `${describe(o)}; victim collection afterwards: ${alive.status}`,
      ),
    );
  };
  const json = { 'content-type': 'application/x-amz-json-1.1' };
  await gap('X-Amz-Target not signed, swapped from DescribeCollection to DeleteCollection', () => {
    const h = signV4(
      t.url,
      '/',
      { ...json, 'x-amz-target': 'RekognitionService.DescribeCollection' },
      Buffer.from(victimBody),
      t.keys,
      { signed: ['host', 'x-amz-date'] },
    );
    h['x-amz-target'] = 'RekognitionService.DeleteCollection';
    return { headers: h, body: victimBody };
  });
  await gap('content-type not signed (DeleteCollection signed without it)', () => ({
    headers: signV4(
      t.url,
      '/',
      { ...json, 'x-amz-target': 'RekognitionService.DeleteCollection' },
      Buffer.from(victimBody),
      t.keys,
      { signed: ['host', 'x-amz-date', 'x-amz-target', 'x-amz-content-sha256'] },
    ),
    body: victimBody,
  }));
  await gap('x-amz-content-sha256: UNSIGNED-PAYLOAD, body swapped to name the victim', () => ({
    headers: signV4(
      t.url,
      '/',
      { ...json, 'x-amz-target': 'RekognitionService.DeleteCollection' },
      Buffer.from('{"CollectionId":"not-there"}'),
      t.keys,
      { payloadHash: 'UNSIGNED-PAYLOAD' },
    ),
    body: victimBody,
  }));
  return out;
}

export async function traversal(t: Target): Promise<Check[]> {
  const out: Check[] = [];
  const secret = Buffer.from(t.keys.secretAccessKey);
  const leaks = (o: Outcome) =>
    o.body.includes(secret) || o.body.includes(Buffer.from('SQLite format 3'));
  for (const p of [
    '/../credentials.json',
    '/%2e%2e/credentials.json',
    '/..%2fcredentials.json',
    '/prod/..%2f..%2fcredentials.json',
    '/assets/../../credentials.json',
    '/assets/..%2f..%2fcredentials.json',
    '//etc/passwd',
    '/facegate.db',
    '/data/credentials.json',
    '/credentials.json',
    '/index.html/..%2f..%2fcredentials.json',
    '/%00',
  ]) {
    for (const method of ['GET', 'POST']) {
      const o = await hit(t.url, { method, path: p, headers: {} }, DEADLINE);
      out.push(
        check(
          'traversal',
          `${method} ${p}`,
          !leaks(o) && !o.hang && o.status < 500,
          describe(o).slice(0, 60),
        ),
      );
    }
  }
  // S3Object: keys and buckets that would leave <data>/buckets.
  const buckets = path.join(t.dataDir, 'buckets');
  mkdirSync(path.join(buckets, 'attack'), { recursive: true });
  symlinkSync(t.dataDir, path.join(buckets, 'escape'));
  execFileSync('mkfifo', [path.join(buckets, 'attack', 'pipe.jpg')]);
  const objects: Array<[string, string]> = [
    ['..', 'credentials.json'],
    ['attack', '../../credentials.json'],
    ['attack', '..%2f..%2fcredentials.json'],
    ['attack', '/etc/passwd'],
    ['attack', 'x\u0000.jpg'],
    ['attack', '.\\..\\credentials.json'],
    ['escape', 'credentials.json'],
    ['escape', 'facegate.db'],
    ['attack', 'pipe.jpg'],
  ];
  for (const [Bucket, Name] of objects) {
    for (const op of ['DetectFaces', 'IndexFaces']) {
      const body = JSON.stringify({
        CollectionId: FUZZ_COLLECTION,
        Image: { S3Object: { Bucket, Name } },
      });
      const o = await hit(t.url, rekognitionRequest(t.url, op, body, t.keys), 30_000);
      out.push(
        check(
          'traversal',
          `${op} S3Object ${Bucket}/${JSON.stringify(Name)}`,
          refused(o) && !leaks(o),
          describe(o).slice(0, 90),
        ),
      );
    }
  }
  // The FIFO must not have blocked anything: a normal call still answers.
  const after = await hit(
    t.url,
    rekognitionRequest(t.url, 'ListCollections', '{}', t.keys),
    30_000,
  );
  out.push(
    check(
      'traversal',
      'server still answers after the FIFO requests',
      after.status === 200,
      describe(after).slice(0, 60),
    ),
  );
  return out;
}
