/**
 * What the suite reports: per-endpoint tallies of the fuzzing, and named checks (edge cases
 * and scenarios) each passed or not with its figures.
 * @module
 */
import type { Outcome } from './http.js';

export interface Check {
  group: string;
  name: string;
  passed: boolean;
  detail: string;
}

export class Tally {
  requests = 0;
  statuses = new Map<string, number>();
  fiveXX = 0;
  hangs = 0;
  errors = 0;
  examples5xx: string[] = [];
  add(label: string, o: Outcome): void {
    this.requests++;
    const key = o.hang ? 'hang' : o.status === 0 ? `error` : String(o.status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    if (o.hang) this.hangs++;
    else if (o.status === 0) this.errors++;
    if (o.status >= 500) {
      this.fiveXX++;
      if (this.examples5xx.length < 5)
        this.examples5xx.push(`${label}: ${o.status} ${o.body.toString('utf8').slice(0, 160)}`);
    }
  }
}

export const check = (group: string, name: string, passed: boolean, detail: string): Check => ({
  group,
  name,
  passed,
  detail,
});
