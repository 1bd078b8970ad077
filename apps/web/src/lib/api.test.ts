import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  CONFIDENT_SIMILARITY,
  displayName,
  searchFace,
  toExternalImageId,
  toSearchResult,
} from './api.js';

describe('toSearchResult', () => {
  it('picks the best match and shows its name with spaces', () => {
    const r = toSearchResult({
      payloads: {
        SearchedFaceBoundingBox: { Width: 0.2, Height: 0.3, Left: 0.4, Top: 0.1 },
        FaceMatches: [
          { Similarity: 81, Face: { ExternalImageId: 'Jiro_Suzuki' } },
          { Similarity: 99.2, Face: { ExternalImageId: 'Taro_Yamada' } },
        ],
      },
    });
    expect(r.match).toEqual({
      name: 'Taro Yamada',
      externalImageId: 'Taro_Yamada',
      similarity: 99.2,
      confident: true,
    });
    expect(r.box?.Left).toBe(0.4);
  });

  it("shows facegate's DisplayName as it is, and an id without a name with spaces", () => {
    const named = toSearchResult({
      payloads: {
        FaceMatches: [
          {
            Similarity: 97,
            DisplayName: '山田 花子',
            Face: { ExternalImageId: 'p-0123456789abcdef0123' },
          },
        ],
      },
    });
    expect(named.match?.name).toBe('山田 花子');
    const plain = toSearchResult({
      payloads: {
        FaceMatches: [
          { Similarity: 97, DisplayName: 'Taro_Yamada', Face: { ExternalImageId: 'Taro_Yamada' } },
        ],
      },
    });
    expect(plain.match?.name).toBe('Taro Yamada');
  });

  it('has no match for an empty FaceMatches', () => {
    expect(toSearchResult({ payloads: { FaceMatches: [] } }).match).toBeUndefined();
  });

  it('marks a match below CONFIDENT_SIMILARITY as uncertain', () => {
    const at = (s: number) =>
      toSearchResult({
        payloads: { FaceMatches: [{ Similarity: s, Face: { ExternalImageId: 'A' } }] },
      }).match?.confident;
    expect(at(CONFIDENT_SIMILARITY - 0.1)).toBe(false);
    expect(at(CONFIDENT_SIMILARITY)).toBe(true);
  });
});

describe('names', () => {
  it('maps between display names and ExternalImageId', () => {
    expect(displayName('Taro_Yamada')).toBe('Taro Yamada');
    expect(toExternalImageId(' Hanako  Sato ')).toBe('Hanako_Sato');
    expect(toExternalImageId('山田')).toBeNull();
  });
});

describe('searchFace over HTTP', () => {
  let server: Server;
  let base = '';
  const sockets = new Set<Socket>();
  let seen: { headers: Record<string, unknown>; body: string } | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen = { headers: req.headers, body };
        if (req.url === '/hang/search') return; // never answers
        const status = Number(req.headers['x-api-key']);
        res.writeHead(status || 200, { 'Content-Type': 'application/json' });
        res.end(status ? '{"message":"x"}' : '{"msg":"ok","payloads":{"FaceMatches":[]}}');
      });
    });
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('sends the hands-on body with x-api-key', async () => {
    const r = await searchFace(`${base}/prod/search`, 'key', 'data:image/jpeg;base64,AAAA', 75);
    expect(r.match).toBeUndefined();
    expect(seen?.headers['x-api-key']).toBe('key');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen!.body)).toEqual({
      image_base64str: 'data:image/jpeg;base64,AAAA',
      threshold: 75,
    });
  });

  it.each([
    [403, 'forbidden'],
    [421, 'noFace'],
    [422, 'tooLarge'],
    [423, 'format'],
    [429, 'tooMany'],
    [400, 'badRequest'],
    [502, 'server'],
  ])('turns %i into %s', async (status, kind) => {
    const err = await searchFace(`${base}/prod/search`, String(status), 'x', 80).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).kind).toBe(kind);
  });

  it('reports a timeout', async () => {
    const err = await searchFace(`${base}/hang/search`, 'k', 'x', 80, 200).catch((e: unknown) => e);
    expect((err as ApiError).kind).toBe('timeout');
  });

  it('reports an unreachable API', async () => {
    const err = await searchFace('http://127.0.0.1:9/prod/search', 'k', 'x', 80).catch(
      (e: unknown) => e,
    );
    expect((err as ApiError).kind).toBe('network');
  });
});
