#!/usr/bin/env node
/* global console, process, URL */
/**
 * Prints the gzipped size of the production JavaScript (and CSS) in dist/, and fails when the
 * JavaScript passes the 120 KB budget. Run after `npm run build -w apps/web`.
 * @module
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 120;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

const totals = { js: { raw: 0, gz: 0 }, css: { raw: 0, gz: 0 } };
let files;
try {
  files = [...walk(dist)];
} catch {
  console.error(`no ${dist}: run \`npm run build -w apps/web\` first`);
  process.exit(1);
}
for (const file of files) {
  const kind = file.endsWith('.js') ? 'js' : file.endsWith('.css') ? 'css' : null;
  if (!kind) continue;
  const buf = readFileSync(file);
  const gz = gzipSync(buf, { level: 9 }).length;
  totals[kind].raw += buf.length;
  totals[kind].gz += gz;
  console.log(
    `${relative(dist, file).padEnd(36)} ${(buf.length / 1024).toFixed(1).padStart(7)} KB  gzip ${(gz / 1024).toFixed(1).padStart(6)} KB`,
  );
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(
  `JavaScript total: ${kb(totals.js.raw)} KB, gzipped ${kb(totals.js.gz)} KB (budget ${BUDGET_KB} KB)`,
);
console.log(`CSS total: ${kb(totals.css.raw)} KB, gzipped ${kb(totals.css.gz)} KB`);
if (totals.js.gz > BUDGET_KB * 1024) {
  console.error(`over budget by ${kb(totals.js.gz - BUDGET_KB * 1024)} KB`);
  process.exit(1);
}
