/**
 * Mounts the Rekognition-compatible endpoint (`POST /`) on the server's app, signed with the
 * configured key pairs; each verified caller's engine work is metered and scheduled fairly.
 * @module
 */
import { createRekognitionApp } from '@facegate/api';
import { FaceService, meteredEngine } from '@facegate/core';
import type { Hono } from 'hono';
import type { ServerContext } from '../context.js';

export function mount(app: Hono, ctx: ServerContext): void {
  const secrets = new Map(ctx.config.accessKeys.map((k) => [k.accessKeyId, k.secretAccessKey]));
  const api =
    ctx.api ?? new FaceService({ engine: ctx.engine, store: ctx.store, images: ctx.images });
  app.route(
    '/',
    createRekognitionApp({
      api,
      // Per caller: its engine work is scheduled fairly against other access keys, and bounded.
      apiFor: (client) =>
        new FaceService({
          engine: meteredEngine(ctx.engine, { client }),
          store: ctx.store,
          images: ctx.images,
        }),
      credentials: (id) => secrets.get(id),
      region: ctx.config.region,
      log: ctx.log,
    }),
  );
}
