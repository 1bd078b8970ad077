import { describe, expect, it } from 'vitest';
import { logEntriesFor, type LogContext } from './recognition.logging.js';

const ctx: LogContext = {
  at: 1,
  collectionId: 'default',
  route: 'recognize',
  keyName: 'kiosk',
  latencyMs: 5,
};
const match = (id: string, similarity: number, name?: string) => ({
  Similarity: similarity,
  ...(name ? { DisplayName: name } : {}),
  Face: { ExternalImageId: id },
});

describe('logEntriesFor', () => {
  it('logs each face of /recognize, nobody as no person, and never more than the answer says', () => {
    const entries = logEntriesFor(ctx, {
      status: 200,
      body: {
        payloads: {
          Faces: [
            { FaceMatches: [match('p-1', 97.5, '山田 花子'), match('p-2', 90)] },
            { FaceMatches: [] },
            { FaceMatches: [match('Taro_Yamada', 88)] },
          ],
        },
      },
    });
    expect(entries.map((e) => [e.personId, e.personName, e.similarity])).toEqual([
      ['p-1', '山田 花子', 97.5],
      [undefined, undefined, undefined],
      ['Taro_Yamada', 'Taro_Yamada', 88],
    ]);
    expect(entries.every((e) => e.status === 200 && e.keyName === 'kiosk')).toBe(true);
  });

  it('logs the best /search match, and one row for an error answer', () => {
    const search = { ...ctx, route: 'search' as const };
    expect(
      logEntriesFor(search, {
        status: 200,
        body: { payloads: { FaceMatches: [match('p-1', 99, 'A'), match('p-2', 80, 'B')] } },
      }),
    ).toEqual([{ ...search, status: 200, personId: 'p-1', personName: 'A', similarity: 99 }]);
    expect(logEntriesFor(search, { status: 421, body: { msg: 'no face' } })).toEqual([
      { ...search, status: 421 },
    ]);
  });
});
