#!/usr/bin/env node
/* global process */
/**
 * Bundles the Lambda entry into one ES module, dist/lambda.mjs, with the AWS SDK inside (so
 * the function does not depend on the runtime's SDK version), and fails if it exceeds 1 MB.
 * Run after `tsc -b` (workspace packages resolve to their built dist/).
 * @module
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'lambda.mjs');
const MAX_BYTES = 1024 * 1024;

await build({
  entryPoints: [path.join(root, 'src', 'index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  // The Lambda runtime's major version (infra/lib/search-function.ts: nodejs24.x).
  target: 'node24',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  // The SDK is CommonJS in places: give the ES module bundle a `require`.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});

const size = statSync(outfile).size;
process.stdout.write(`${path.relative(process.cwd(), outfile)}: ${(size / 1024).toFixed(1)} KiB\n`);
if (size > MAX_BYTES) {
  process.stderr.write(`the Lambda bundle is larger than 1 MB (${size} bytes)\n`);
  process.exitCode = 1;
}
