import { describe, expect, it } from 'vitest';
import type { FaceEngine } from '../ports.js';
import type { DetectOptions } from '../types.js';
import { ONE_FACE_DETAIL } from '../testing/one-face.engine.js';
import { meteredEngine } from './metered-engine.js';

/** An engine finding `faces` faces, recording the options it was given. */
function engineFinding(faces: number, seen: DetectOptions[]): FaceEngine {
  return {
    modelVersion: 'm',
    async detect(_image, options) {
      seen.push(options ?? {});
      return {
        width: 100,
        height: 100,
        faces: Array.from({ length: faces }, () => ({
          detail: ONE_FACE_DETAIL,
          embedding: new Float32Array(4),
        })),
      };
    },
    similarity: () => 0,
    close: async () => undefined,
  };
}

describe('meteredEngine', () => {
  it('stamps the client on every call and counts one unit per face, at least one per call', async () => {
    const seen: DetectOptions[] = [];
    const reported: number[] = [];
    const grid = meteredEngine(engineFinding(100, seen), {
      client: 'key:k1',
      onWork: (u) => reported.push(u),
    });
    await grid.detect(new Uint8Array([1]), { maxFaces: 100, embed: false });
    expect(seen[0]).toEqual({ maxFaces: 100, embed: false, client: 'key:k1' });
    const none = meteredEngine(engineFinding(0, seen), {
      client: 'key:k2',
      onWork: (u) => reported.push(u),
    });
    await none.detect(new Uint8Array([1]));
    expect([grid.units, none.units, reported]).toEqual([100, 1, [100, 1]]);
  });

  it('refuses further engine calls once the request has used its budget', async () => {
    const engine = meteredEngine(engineFinding(100, []), { client: 'c', maxUnits: 150 });
    await engine.detect(new Uint8Array([1]));
    await engine.detect(new Uint8Array([1])); // 200: the call that crossed it still answers
    await expect(engine.detect(new Uint8Array([1]))).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
  });
});
