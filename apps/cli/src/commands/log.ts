/**
 * `facegate log`: prints or exports the recognition log of a data folder (who was recognised,
 * when, through which key, from where). Reads facegate.db directly, so it works while the
 * server runs; it never sweeps (the server applies its own retention).
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { StoredLogEntry } from '@facegate/store';
import { intOption } from '../rekognition/output.js';
import { dataDirOf, existingDatabase, table } from './keys-data.js';

interface LogFlags {
  data?: string;
  limit: number;
  since?: string;
  format: string;
  output?: string;
}

const COLUMNS = [
  'time',
  'route',
  'key',
  'source',
  'imsi',
  'status',
  'person',
  'person_id',
  'similarity',
  'latency_ms',
] as const;

const iso = (ms: number) => new Date(ms).toISOString();

function row(e: StoredLogEntry): Record<(typeof COLUMNS)[number], string | number | null> {
  return {
    time: iso(e.at),
    route: e.route,
    key: e.keyName ?? null,
    source: e.source ?? null,
    imsi: e.imsi ?? null,
    status: e.status,
    // A match whose person was deleted since keeps its similarity but not the name.
    person:
      e.personName ??
      (e.status !== 200 ? null : e.similarity !== undefined ? 'deleted person' : 'unknown'),
    person_id: e.personId ?? null,
    similarity: e.similarity ?? null,
    latency_ms: e.latencyMs,
  };
}

/** RFC 4180: quote every field that needs it; a leading =+-@ is prefixed so spreadsheets do not run it. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `7d`, `12h`, `30m`, or an ISO date/time → epoch ms. */
export function parseSince(value: string, now = Date.now()): number {
  const rel = /^(\d+)([dhm])$/.exec(value);
  if (rel) return now - Number(rel[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2] as 'd'];
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`--since takes 7d, 12h, 30m or a date, not '${value}'`);
  return t;
}

export function formatLog(entries: StoredLogEntry[], format: string): string {
  const rows = entries.map(row);
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv')
    return `${[COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvField(r[c])).join(','))].join('\r\n')}\r\n`;
  if (format === 'table') {
    if (rows.length === 0) return 'The recognition log is empty.\n';
    return `${table([
      ['TIME', 'ROUTE', 'KEY', 'SOURCE', 'IMSI', 'STATUS', 'PERSON', 'SIMILARITY', 'MS'],
      ...rows.map((r) => [
        String(r.time).replace(/\.\d+Z$/, 'Z'),
        String(r.route),
        String(r.key ?? ''),
        String(r.source ?? ''),
        String(r.imsi ?? ''),
        String(r.status),
        String(r.person ?? '-'),
        r.similarity === null ? '' : Number(r.similarity).toFixed(1),
        Number(r.latency_ms).toFixed(0),
      ]),
    ])}\n`;
  }
  throw new Error(`--format must be table, csv or json, not '${format}'`);
}

export function register(program: Command): void {
  program
    .command('log')
    .description('Print or export the recognition log (/prod/search and /prod/recognize answers)')
    .option('--data <dir>', 'data folder (default $FACEGATE_DATA or ./data)')
    .option('--limit <n>', 'newest entries to show (1-1000000)', intOption, 100)
    .option('--since <when>', 'only entries since 7d, 12h, 30m or a date')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (flags: LogFlags) => {
      if (!['table', 'csv', 'json'].includes(flags.format))
        throw new Error(`--format must be table, csv or json, not '${flags.format}'`);
      if (flags.limit < 1 || flags.limit > 1_000_000)
        throw new Error('--limit must be from 1 to 1000000');
      const since = flags.since !== undefined ? parseSince(flags.since) : undefined;
      const { openDatabase, RecognitionLog, MAX_LOG_ENTRIES } = await import('@facegate/store');
      const db = openDatabase(existingDatabase(dataDirOf(flags.data)));
      let entries: StoredLogEntry[] = [];
      try {
        const log = new RecognitionLog(db, { sweep: false });
        // Pages of the store's maximum, newest first, until the limit.
        let before: number | undefined;
        while (entries.length < flags.limit) {
          const page = log.read({
            limit: Math.min(MAX_LOG_ENTRIES, flags.limit - entries.length),
            ...(before !== undefined ? { before } : {}),
            ...(since !== undefined ? { since } : {}),
          });
          entries = entries.concat(page);
          if (page.length === 0) break;
          before = page[page.length - 1]!.id;
        }
      } finally {
        db.close();
      }
      const text = formatLog(entries, flags.format);
      if (flags.output) {
        writeFileSync(flags.output, text, { mode: 0o600 });
        process.stderr.write(`wrote ${entries.length} entries to ${flags.output}\n`);
      } else process.stdout.write(text);
    });
}
