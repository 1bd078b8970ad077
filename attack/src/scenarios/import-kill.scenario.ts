/**
 * kill -9 during `faces import`, re-run at once, several rounds; then one uninterrupted run.
 * The collection must end with exactly the faces a clean import of the same folder makes: no
 * photo twice (no two faces of one photo), none missing.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { hit } from '../http.js';
import { facePhoto, prng } from '../images.js';
import { check } from '../result.js';
import { rekognitionRequest } from '../sigv4.js';
import { CLI, type Target } from '../target.js';
import { sleep, type Scenario } from './scenario.js';

async function photos(dir: string, perPerson: number): Promise<number> {
  let n = 0;
  for (let p = 1; p <= 6; p++) {
    const folder = path.join(dir, `Person_${p}`);
    mkdirSync(folder, { recursive: true });
    for (let v = 0; v < perPerson; v++) {
      let img = sharp(facePhoto(p)).resize({ width: 360 + 40 * v });
      if (v % 2) img = img.flop();
      writeFileSync(path.join(folder, `${v}.jpg`), await img.jpeg({ quality: 85 }).toBuffer());
      n++;
    }
  }
  return n;
}

function runImport(
  t: Target,
  dir: string,
  collection: string,
  killAfterMs?: number,
): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'faces',
        'import',
        dir,
        '--collection',
        collection,
        '--endpoint',
        t.url,
        '--data',
        t.dataDir,
        '--concurrency',
        '4',
      ],
      {
        stdio: ['ignore', 'ignore', 'ignore'],
        env: {
          ...process.env,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          FACEGATE_ACCESS_KEY_ID: t.keys.accessKeyId,
          FACEGATE_SECRET_ACCESS_KEY: t.keys.secretAccessKey,
        },
      },
    );
    const guard = setTimeout(() => child.kill('SIGKILL'), 300_000);
    const killer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (killer) clearTimeout(killer);
      resolve(signal ?? `exit ${code}`);
    });
  });
}

async function faces(
  t: Target,
  collection: string,
): Promise<Array<{ ImageId: string; ExternalImageId: string }>> {
  const out: Array<{ ImageId: string; ExternalImageId: string }> = [];
  let NextToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const o = await hit(
      t.url,
      rekognitionRequest(
        t.url,
        'ListFaces',
        JSON.stringify({ CollectionId: collection, MaxResults: 4096, NextToken }),
        t.keys,
      ),
      60_000,
    );
    const json = JSON.parse(o.body.toString('utf8')) as {
      Faces?: Array<{ ImageId: string; ExternalImageId: string }>;
      NextToken?: string;
    };
    out.push(...(json.Faces ?? []));
    NextToken = json.NextToken;
    if (!NextToken) break;
  }
  return out;
}

export const importKillScenario: Scenario = {
  name: 'kill -9 during import',
  async run(t, { quick }) {
    const dir = path.join(t.dataDir, '..', `${path.basename(t.dataDir)}-photos`);
    const count = await photos(dir, quick ? 2 : 4);
    const rounds = quick ? 2 : 5;
    const random = prng(99);
    const kills: string[] = [];
    for (let r = 0; r < rounds; r++) {
      const after = 500 + Math.floor(random() * 4000);
      kills.push(`${after} ms: ${await runImport(t, dir, 'killtest', after)}`);
    }
    const last = await runImport(t, dir, 'killtest');
    const control = await runImport(t, dir, 'killcontrol');
    await sleep(500);
    const got = await faces(t, 'killtest');
    const want = await faces(t, 'killcontrol');
    const perImage = new Map<string, number>();
    for (const f of got) perImage.set(f.ImageId, (perImage.get(f.ImageId) ?? 0) + 1);
    const twice = [...perImage.values()].filter((n) => n > 1).length;
    const byPerson = (fs: typeof got) =>
      JSON.stringify(
        Object.entries(
          fs.reduce<Record<string, number>>(
            (a, f) => ((a[f.ExternalImageId] = (a[f.ExternalImageId] ?? 0) + 1), a),
            {},
          ),
        ).sort(),
      );
    const passed =
      got.length === want.length &&
      twice === 0 &&
      byPerson(got) === byPerson(want) &&
      t.exited() === undefined;
    return check(
      'scenarios',
      `kill -9 during \`faces import\` (${rounds} kills, re-run at once, ${count} photos): as many faces per person as a clean import`,
      passed,
      `kills at ${kills.join('; ')}; final run ${last}, control ${control}; faces ${got.length} (clean import: ${want.length}), photos indexed twice: ${twice}`,
    );
  },
};
