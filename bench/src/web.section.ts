/**
 * The phone app's production JavaScript and CSS, gzipped, as apps/web/scripts/size.mjs counts
 * them (level 9, every .js / .css file in apps/web/dist). Builds the app first if dist is missing.
 * @module
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './datasets.js';

const run = promisify(execFile);

export interface WebResult {
  /** KB (1024 bytes), one decimal, as size.mjs prints them. */
  jsKB: number;
  jsGzipKB: number;
  cssKB: number;
  cssGzipKB: number;
  /** When apps/web/dist was built. */
  builtAt: string;
  files: string[];
}

export async function webSection(opts: { log: (line: string) => void }): Promise<WebResult> {
  const dist = path.join(repoRoot, 'apps/web/dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    opts.log('  apps/web/dist missing: npm run build -w apps/web');
    await run(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['run', 'build', '-w', 'apps/web'],
      {
        cwd: repoRoot,
        timeout: 300_000,
      },
    );
  }
  // size.mjs exits 1 when over budget; its figures are what we want either way.
  const stdout = await run(process.execPath, [path.join(repoRoot, 'apps/web/scripts/size.mjs')], {
    cwd: repoRoot,
    timeout: 60_000,
  }).then(
    (r) => r.stdout,
    (err: { stdout?: string }) => {
      if (!err.stdout) throw err;
      return err.stdout;
    },
  );
  const total = (kind: string) => {
    const m = new RegExp(`${kind} total: ([\\d.]+) KB, gzipped ([\\d.]+) KB`).exec(stdout);
    if (!m) throw new Error(`size.mjs printed no ${kind} total:\n${stdout}`);
    return [Number(m[1]), Number(m[2])] as const;
  };
  const [jsKB, jsGzipKB] = total('JavaScript');
  const [cssKB, cssGzipKB] = total('CSS');
  const lines = stdout.split('\n');
  opts.log(`  JS ${jsKB} KB, gzipped ${jsGzipKB} KB; CSS ${cssKB} KB, gzipped ${cssGzipKB} KB`);
  return {
    jsKB,
    jsGzipKB,
    cssKB,
    cssGzipKB,
    builtAt: fs.statSync(path.join(dist, 'index.html')).mtime.toISOString(),
    files: lines.filter((l) => / KB {2}gzip /.test(l)).map((l) => l.trim().replace(/\s+/g, ' ')),
  };
}

/** The section of docs/benchmarks.md. */
export function renderWeb(w: WebResult): string[] {
  return [
    '## Phone web app size',
    '',
    `\`node apps/web/scripts/size.mjs\` on apps/web/dist (built ${w.builtAt.slice(0, 16).replace('T', ' ')} UTC; ` +
      'gzip level 9, KB = 1024 bytes): JavaScript ' +
      `${w.jsKB} KB, **gzipped ${w.jsGzipKB} KB**; CSS ${w.cssKB} KB, gzipped ${w.cssGzipKB} KB.`,
    '',
    ...w.files.map((f) => `- \`${f}\``),
    '',
  ];
}
