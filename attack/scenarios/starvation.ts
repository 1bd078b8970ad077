/**
 * The starvation scenario of issue 12: a normal /prod/search client alone, then beside a key on
 * a 1 request/s plan that posts a photo of many faces to /prod/recognize every second. Target:
 * the normal client keeps ≥ 70 % of its unloaded throughput with p99 ≤ 2 s while the heavy key
 * is refused or throttled. Loopback only, every loop bounded in time.
 * @module
 */
import { closedLoop, shoot, sleep, Tally, type Figures } from './load-client.js';

export interface StarvationOptions {
  /** `http://127.0.0.1:PORT` (the stage is added). */
  baseUrl: string;
  stage?: string;
  /** A key with the `search` scope (no plan, or one it cannot exhaust). */
  lightKey: string;
  /** A key with the `recognize` scope, on a 1 request/s plan. */
  heavyKey: string;
  /** One-face JPEG the light client searches. */
  searchImage: Uint8Array;
  /** The heavy photo (e.g. a 10×10 grid of faces, JPEG). */
  heavyImage: Uint8Array;
  /** Path and query of the heavy request (default `/recognize?maxFaces=100`). */
  heavyPath?: string;
  /** Seconds of the light client alone (default 10), then beside the heavy key (default 30). */
  baselineSeconds?: number;
  loadSeconds?: number;
  /** Heavy requests sent per second, whatever the answers (default 1). */
  heavyPerSecond?: number;
  /** Longest wait for the heavy key's last requests after the window (default 120 s). */
  drainSeconds?: number;
}

export interface StarvationFigures {
  baseline: Figures;
  loaded: Figures;
  heavy: Figures;
  /** loaded.okPerSecond / baseline.okPerSecond. */
  throughputRatio: number;
  /** ≥ 0.7 of unloaded throughput, p99 ≤ 2 s, and the heavy key refused or throttled at least once. */
  pass: boolean;
}

/**
 * Runs the scenario against a running facegate and returns its figures.
 *
 * @example
 * const f = await runStarvation({ baseUrl: server.url, lightKey, heavyKey, searchImage, heavyImage });
 * console.log(f.throughputRatio, f.loaded.p99Ms);
 */
export async function runStarvation(o: StarvationOptions): Promise<StarvationFigures> {
  const base = `${o.baseUrl}/${o.stage ?? 'prod'}`;
  const searchBody = JSON.stringify({
    image_base64str: Buffer.from(o.searchImage).toString('base64'),
  });
  const search = () =>
    shoot(`${base}/search`, {
      headers: { 'content-type': 'application/json', 'x-api-key': o.lightKey },
      body: searchBody,
    });
  const baselineSeconds = o.baselineSeconds ?? 10;
  const loadSeconds = o.loadSeconds ?? 30;

  const baseline = new Tally();
  await closedLoop(baselineSeconds, search, baseline);

  const loaded = new Tally();
  const heavy = new Tally();
  const inFlight: Array<Promise<void>> = [];
  const heavyUrl = `${base}${o.heavyPath ?? '/recognize?maxFaces=100'}`;
  const every = 1000 / (o.heavyPerSecond ?? 1);
  const start = performance.now();
  const heavyLoop = (async () => {
    for (let i = 0; performance.now() - start < loadSeconds * 1000; i++) {
      inFlight.push(
        shoot(
          heavyUrl,
          {
            headers: { 'content-type': 'image/jpeg', 'x-api-key': o.heavyKey },
            body: o.heavyImage,
          },
          ((o.drainSeconds ?? 120) + loadSeconds) * 1000,
        ).then((shot) => heavy.add(shot.status, shot.ms)),
      );
      const next = start + (i + 1) * every;
      await sleep(Math.max(0, next - performance.now()));
    }
  })();
  await closedLoop(loadSeconds, search, loaded);
  await heavyLoop;
  await Promise.all(inFlight);

  const b = baseline.figures(baselineSeconds);
  const l = loaded.figures(loadSeconds);
  const h = heavy.figures(loadSeconds);
  const throughputRatio = b.okPerSecond > 0 ? l.okPerSecond / b.okPerSecond : 0;
  const heavyRefused = (h.statuses['429'] ?? 0) + (h.statuses['503'] ?? 0) > 0;
  return {
    baseline: b,
    loaded: l,
    heavy: h,
    throughputRatio,
    pass: throughputRatio >= 0.7 && l.p99Ms <= 2000 && heavyRefused,
  };
}
