/**
 * A scenario is a timed attack with a verdict: the suite runs each once and reports its check
 * and figures. Another implementation (e.g. the work-limit branch's starvation scenario) can
 * replace one by exporting the same shape from its own module and listing it in suite.ts.
 * @module
 */
import type { Check } from '../result.js';
import type { Target } from '../target.js';

export interface ScenarioOptions {
  /** Short and small (the npm test subset and --quick). */
  quick: boolean;
}

export interface Scenario {
  name: string;
  run(target: Target, options: ScenarioOptions): Promise<Check>;
}

export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
