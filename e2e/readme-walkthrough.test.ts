/**
 * The README walk-through, checked: every ```sh block of README.md, in order, run verbatim by
 * bash in a fresh folder, against the whole local stack (`npm start`'s wiring) on loopback
 * ports picked by the OS. Then docs/soracom.md's emulator example, after which the web app's
 * own SIM must still answer. `npm run readme-check` runs this file alone.
 *
 * What is adapted, and only this: `http://127.0.0.1:8080` (and the emulator's 8790/8791) become
 * the ports actually bound, FACEGATE_PORT tells the CLI the same, the AWS CLI's config files are
 * in the fresh folder, and the photos the README names (taro.jpg, someone.jpg, hanako.jpg, ./people) are
 * faces cut from @vladmandic/face-api's demo photos. `npx facegate` resolves to this checkout
 * (node_modules is linked in; npm runs offline, so nothing is downloaded).
 *
 * Blocks skipped, each with its reason: `npm install`/`npm start` (this checkout and the stack
 * started here stand in for them), `npm test` (this runs inside it), the SORACOM block (it
 * calls SORACOM's cloud with a real AuthKey; docs/soracom.md's emulator example runs instead),
 * and the AWS block (it deploys to an AWS account).
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DetectFacesCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../apps/cli/dist/local-stack.js';
import { cropFace, demoPhoto, engineAvailable, repoRoot } from './rekognition-support.js';

const hasEngine = await engineAvailable();
const hasAws = await new Promise<boolean>((resolve) =>
  execFile('aws', ['--version'], { timeout: 30_000 }, (err) => resolve(!err)),
);
const hasCurl = existsSync('/usr/bin/curl') || existsSync('/usr/local/bin/curl');
if (!hasAws || !hasCurl)
  console.warn(
    `skipping the README walk-through: it needs the AWS CLI and curl, as the README says (aws: ${hasAws}, curl: ${hasCurl})`,
  );

interface Block {
  doc: string;
  index: number;
  text: string;
}

const blocksOf = (doc: string): Block[] =>
  [...readFileSync(path.join(repoRoot, doc), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map(
    (m, index) => ({ doc, index, text: m[1]! }),
  );

/** Why a README block is not run here, or undefined to run it. */
function skipReason(text: string): string | undefined {
  if (/^npm install/m.test(text))
    return 'npm install / npm start: this checkout and the stack started on loopback stand in for them';
  if (/^npm test\s*$/m.test(text)) return 'npm test: this check runs inside it';
  if (/SORACOM_AUTH_KEY=secret-/.test(text))
    return "SORACOM's cloud API with a real AuthKey (docs/soracom.md's emulator example runs instead)";
  if (/npm run aws:deploy/.test(text)) return 'deploys to an AWS account';
  return undefined;
}

describe.skipIf(!hasEngine || !hasAws || !hasCurl)(
  'the README walk-through',
  { timeout: 300_000 },
  () => {
    let work: string;
    let stack: LocalStack;
    let env: NodeJS.ProcessEnv;
    let ports: Record<string, string>;

    const bash = (script: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        let text = script;
        for (const [from, to] of Object.entries(ports)) text = text.split(from).join(to);
        execFile(
          'bash',
          ['-c', `set -eo pipefail\n${text}`],
          { cwd: work, env, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 },
          (err, stdout, stderr) =>
            resolve({
              code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
              stdout,
              stderr,
            }),
        );
      });

    beforeAll(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'facegate-readme-'));
      symlinkSync(path.join(repoRoot, 'node_modules'), path.join(work, 'node_modules'), 'dir');
      stack = await startLocalStack(
        {
          port: '0',
          data: path.join(work, 'data'),
          soracomPort: '0',
          metadataPort: '0',
          simPort: '0',
        },
        () => {},
      );
      const server = new URL(stack.server.url);
      // The SIMs' metadata service (each SIM at its own loopback address, one port for all).
      const sims = stack.soracom.emulator.sims;
      const metadataPort = new URL(sims[sims.length - 1]!.metadataUrl).port;
      ports = {
        '127.0.0.1:8080': server.host,
        '127.0.0.1:8790': new URL(stack.soracom.emulator.apiUrl).host,
        ':8791/': `:${metadataPort}/`,
      };
      const clean = Object.fromEntries(
        Object.entries(process.env).filter(
          ([k]) => !/^(AWS_|FACEGATE_|SORACOM_)/.test(k) && k !== 'npm_config_prefix',
        ),
      );
      env = {
        ...clean,
        FACEGATE_PORT: server.port,
        AWS_CONFIG_FILE: path.join(work, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
        npm_config_offline: 'true',
        npm_config_update_notifier: 'false',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      };

      // The photos the README names, from the npm package's demo photos.
      const keys = stack.server.ctx.config.accessKeys.at(-1)!;
      const client = new RekognitionClient({
        endpoint: stack.server.url,
        region: 'us-east-1',
        credentials: keys,
        maxAttempts: 1,
      });
      const photo = new Uint8Array(readFileSync(demoPhoto(1)));
      const boxes = (
        (await client.send(new DetectFacesCommand({ Image: { Bytes: photo } }))).FaceDetails ?? []
      ).map((d) => d.BoundingBox!);
      client.destroy();
      expect(boxes.length).toBeGreaterThanOrEqual(2);
      const taro = await cropFace(photo, boxes[0]!);
      writeFileSync(path.join(work, 'taro.jpg'), taro);
      writeFileSync(path.join(work, 'someone.jpg'), await sharp(taro).flop().jpeg().toBuffer());
      const hanako = await cropFace(photo, boxes[1]!);
      writeFileSync(path.join(work, 'hanako.jpg'), hanako);
      for (const [person, face] of [
        ['Taro_Yamada', taro],
        ['山田 花子', hanako],
      ] as const) {
        mkdirSync(path.join(work, 'people', person), { recursive: true });
        writeFileSync(path.join(work, 'people', person, '1.jpg'), face);
      }
    });

    afterAll(async () => {
      await stack?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('runs every local example of README.md in order, and each does what the README says', async () => {
      const blocks = blocksOf('README.md');
      const run: string[] = [];
      for (const block of blocks) {
        const reason = skipReason(block.text);
        if (reason) {
          console.info(`README block ${block.index} skipped: ${reason}`);
          continue;
        }
        const r = await bash(block.text);
        expect(r.code, `README block ${block.index} failed:\n${block.text}\n${r.stderr}`).toBe(0);
        run.push(r.stdout);
      }
      // The profile, the Rekognition endpoint, the CLI, the Search API and the people blocks.
      expect(run).toHaveLength(5);
      const [, rekognition, cli, searchApi, people] = run as [
        string,
        string,
        string,
        string,
        string,
      ];
      expect(people).toContain('山田 花子');
      expect(rekognition).toContain('"ExternalImageId": "Taro_Yamada"');
      expect(rekognition).toMatch(/"Similarity": \d/);
      expect(cli).toContain('"Indexed": 2');
      expect(cli).toMatch(/"FaceMatches": \[\s*\{\s*"Similarity"/);
      const answer = JSON.parse(searchApi.trim().split('\n').at(-1)!) as {
        msg: string;
        payloads: {
          FaceMatches: Array<{ Face: { ExternalImageId: string } }>;
          ResponseMetadata: object;
        };
      };
      expect(answer.msg).toBe('[SUCCEEDED]Rekognition done');
      expect(answer.payloads.FaceMatches[0]!.Face.ExternalImageId).toBe('Taro_Yamada');
      expect(answer.payloads.ResponseMetadata).toMatchObject({ HTTPStatusCode: 200 });
    });

    it("runs docs/soracom.md's emulator example, and the web app's own SIM still answers", async () => {
      const [example] = blocksOf('docs/soracom.md').filter((b) => b.text.includes('--from-local'));
      expect(example, 'docs/soracom.md has its emulator example').toBeDefined();
      const r = await bash(example!.text);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({
        apiEndpoint: expect.stringMatching(/\/prod\/search$/),
      });
      // What the browser on this machine does (npm start's SIM, 440100000000001).
      const config = (await (await fetch(`${stack.server.url}/facegate-config.json`)).json()) as {
        metadataUrl: string;
      };
      const res = await fetch(config.metadataUrl, { headers: { Origin: stack.server.url } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(stack.server.url);
    });
  },
);
