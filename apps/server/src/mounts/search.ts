/**
 * Mounts the Search API (contract A) on the server's app: the embedded Rekognition in
 * process, API keys and usage plans from facegate.db, the collection from the config (the
 * built-in "default" is created when missing; any other is the user's to create), and the source allowlist checked against the TCP peer address — never
 * against X-Forwarded-For, which any client can write.
 * @module
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { FaceService, meteredEngine, type BoundingBox } from '@facegate/core';
import {
  createSearchApp,
  createBeamVerifier,
  createEndorseVerifier,
  createSourceAllowlist,
  type FaceCropper,
  type SimVerifiers,
} from '@facegate/api/search/index';
import { ApiKeyStore, createSqliteAuthorizer, SimAllowlist } from '@facegate/api/search/keys/index';
import { PeopleStore, RecognitionLog } from '@facegate/store';
import type { Context, Hono } from 'hono';
import type { SimAuthConfig } from '../config.js';
import type { ServerContext } from '../context.js';
import { DEFAULT_COLLECTION } from '../load-config.js';

/** The Beam and Endorse verifiers the configuration asks for (undefined: API keys only). */
export function simVerifiers(sim: SimAuthConfig | undefined): SimVerifiers | undefined {
  if (!sim?.beamPsks?.length && !sim?.endorse) return undefined;
  return {
    ...(sim.beamPsks?.length ? { beam: createBeamVerifier({ psks: sim.beamPsks }) } : {}),
    ...(sim.endorse ? { endorse: createEndorseVerifier(sim.endorse) } : {}),
  };
}

export function mount(app: Hono, ctx: ServerContext): void {
  const { config } = ctx;
  const faces =
    ctx.api ?? new FaceService({ engine: ctx.engine, store: ctx.store, images: ctx.images });
  // Only the built-in "default" collection is made here, so a first run can enrol and search at
  // once. A collection named with -c is the user's to create (the hands-on's own step 2 runs
  // create-collection, which would otherwise fail with ResourceAlreadyExistsException); until
  // then /search answers ResourceNotFoundException, as the hands-on's Lambda would.
  if (!ctx.store.getCollection(config.collection)) {
    if (config.collection === DEFAULT_COLLECTION)
      ctx.store.createCollection(config.collection, ctx.engine.modelVersion);
    else
      ctx.log(
        `facegate: collection '${config.collection}' does not exist yet; the Search API answers once it is created ` +
          `(aws rekognition create-collection --collection-id ${config.collection} --endpoint-url <this server>, ` +
          `or npx facegate collections create ${config.collection})`,
      );
  }
  const allowed = createSourceAllowlist(config.allowSources);
  const allowSource =
    config.allowSources.length === 0
      ? undefined
      : (c: Context) => {
          try {
            return allowed(getConnInfo(c).remote.address);
          } catch {
            return false; // no socket to check: refuse rather than guess
          }
        };
  const keys = new ApiKeyStore(ctx.db);
  const sims = new SimAllowlist(ctx.db, keys);
  const sim = simVerifiers(config.sim);
  const people = new PeopleStore(ctx.db);
  const recognitionLog = new RecognitionLog(ctx.db, {
    ...(config.logRetentionDays !== undefined ? { retentionDays: config.logRetentionDays } : {}),
  });
  const peer = (c: Context): string | undefined => {
    try {
      return getConnInfo(c).remote.address;
    } catch {
      return undefined; // app.request() in a test: no socket
    }
  };
  app.route(
    '/',
    createSearchApp({
      faces,
      collectionId: config.collection,
      // Per key: fair scheduling in the engine, and the work charged to the key's usage plan.
      facesFor: (client, onWork) =>
        new FaceService({
          engine: meteredEngine(ctx.engine, { client, onWork }),
          store: ctx.store,
          images: ctx.images,
        }),
      authorizer: createSqliteAuthorizer(keys, undefined, sims),
      ...(sim ? { sim } : {}),
      ...(config.sim?.apiKeys === false ? { apiKeys: false } : {}),
      cropper: sharpCropper,
      people,
      recognitionLog,
      sourceOf: peer,
      log: ctx.log,
      ...(config.stage ? { stage: config.stage } : {}),
      ...(allowSource ? { allowSource } : {}),
    }),
  );
}

/** The smallest side Rekognition accepts, with room to spare for the detector. */
const MIN_CROP_SIDE = 160;

/**
 * Cuts each face out with half a face of margin on every side (the detector needs context),
 * upscaling small faces so the crop is comfortably above Rekognition's 80 px minimum.
 */
export const sharpCropper: FaceCropper = {
  async crop(image: Uint8Array, boxes: readonly BoundingBox[]): Promise<Uint8Array[]> {
    const { default: sharp } = await import('sharp');
    // Boxes are relative to the orientation-corrected image, so rotate by EXIF first.
    const { data, info } = await sharp(image).rotate().raw().toBuffer({ resolveWithObject: true });
    const raw = { width: info.width, height: info.height, channels: info.channels };
    return Promise.all(
      boxes.map(async (b) => {
        const left = Math.max(0, Math.floor((b.Left - b.Width / 2) * raw.width));
        const top = Math.max(0, Math.floor((b.Top - b.Height / 2) * raw.height));
        const right = Math.min(raw.width, Math.ceil((b.Left + b.Width * 1.5) * raw.width));
        const bottom = Math.min(raw.height, Math.ceil((b.Top + b.Height * 1.5) * raw.height));
        const width = Math.max(1, right - left);
        const height = Math.max(1, bottom - top);
        const scale = Math.max(1, MIN_CROP_SIDE / Math.min(width, height));
        let pipeline = sharp(data, { raw }).extract({ left, top, width, height });
        if (scale > 1)
          pipeline = pipeline.resize(Math.round(width * scale), Math.round(height * scale));
        return new Uint8Array(await pipeline.jpeg({ quality: 95 }).toBuffer());
      }),
    );
  },
  /** A 96×96 JPEG of the face with a little margin: about 3 KB, for the console's list. */
  async thumbnail(image: Uint8Array, b: BoundingBox): Promise<Uint8Array> {
    const { default: sharp } = await import('sharp');
    const { data, info } = await sharp(image).rotate().raw().toBuffer({ resolveWithObject: true });
    const raw = { width: info.width, height: info.height, channels: info.channels };
    const side = Math.max(b.Width * raw.width, b.Height * raw.height) * 1.3;
    const cx = (b.Left + b.Width / 2) * raw.width;
    const cy = (b.Top + b.Height / 2) * raw.height;
    const left = Math.max(0, Math.floor(cx - side / 2));
    const top = Math.max(0, Math.floor(cy - side / 2));
    const width = Math.max(1, Math.min(raw.width - left, Math.ceil(side)));
    const height = Math.max(1, Math.min(raw.height - top, Math.ceil(side)));
    const jpeg = await sharp(data, { raw })
      .extract({ left, top, width, height })
      .resize(96, 96, { fit: 'cover' })
      .jpeg({ quality: 70 })
      .toBuffer();
    return new Uint8Array(jpeg);
  },
};
