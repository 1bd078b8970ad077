import type { Command } from 'commander';

/**
 * Every command group of `facegate`. A group is one file exporting `register(program)`.
 * Owners: serve/start/collections/faces/search (engine and Rekognition endpoint),
 * people/log (people and the recognition log), apikeys/plans/sims (Search API), soracom (SORACOM),
 * aws (AWS deployment).
 */
const groups: Array<() => Promise<{ register: (program: Command) => void }>> = [
  () => import('./serve.js'),
  () => import('./start.js'),
  () => import('./collections.js'),
  () => import('./faces.js'),
  () => import('./search.js'),
  () => import('./people.js'),
  () => import('./log.js'),
  () => import('./apikeys.js'),
  () => import('./plans.js'),
  () => import('./sims.js'),
  () => import('./soracom.js'),
  () => import('./aws.js'),
];

export async function registerCommands(program: Command): Promise<void> {
  for (const load of groups) (await load()).register(program);
}
