import type { Hono } from 'hono';
import type { ServerContext } from '../context.js';

/** Placeholder: mounts the rekognition routes on the server's app. */
export function mount(_app: Hono, _ctx: ServerContext): void {}
