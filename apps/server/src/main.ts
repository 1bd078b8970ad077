#!/usr/bin/env node
/**
 * `node apps/server/dist/main.js`: the server without the CLI, configured from FACEGATE_*.
 * @module
 */
import { loadConfig } from './load-config.js';
import { runUntilSignal } from './run.js';

await runUntilSignal(loadConfig());
