/**
 * Quota periods as API Gateway counts them, in UTC: a day, a week starting on Monday, a month.
 * A period is named by its first day, so counters of a past period are simply never read
 * again and a new period starts at zero.
 * @module
 */
import type { QuotaPeriod } from '../search.ports.js';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The period containing `ms`, e.g. `DAY:2026-11-26`, `WEEK:2026-11-23`, `MONTH:2026-11`. */
export function periodKey(period: QuotaPeriod, ms: number): string {
  const d = new Date(ms);
  switch (period) {
    case 'DAY':
      return `DAY:${day(d)}`;
    case 'WEEK': {
      const monday = new Date(
        Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)),
      );
      return `WEEK:${day(monday)}`;
    }
    case 'MONTH':
      return `MONTH:${day(d).slice(0, 7)}`;
  }
}

export const QUOTA_PERIODS: readonly QuotaPeriod[] = ['DAY', 'WEEK', 'MONTH'];

export function parsePeriod(value: string): QuotaPeriod {
  const p = value.toUpperCase();
  if (!(QUOTA_PERIODS as readonly string[]).includes(p))
    throw new Error(`period must be one of ${QUOTA_PERIODS.join(', ')}`);
  return p as QuotaPeriod;
}
