#!/usr/bin/env node
// The `facegate` command's entry. It is plain JavaScript kept in git, so that npm can link the
// command at install time, before the `prepare` step has built apps/cli/dist.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('facegate: not built yet; run `npm run build` at the repository root\n');
  process.exit(1);
}
await import(main.href);
