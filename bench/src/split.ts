/**
 * A deterministic split of people into two halves, so that a calibration fitted on one half is
 * reported on the other (people never seen by the fit).
 * @module
 */
import { createHash } from 'node:crypto';

/** 0 or 1: the half a person (an LFW folder name such as `Aaron_Sorkin`) belongs to. */
export function halfOf(person: string): 0 | 1 {
  return (createHash('sha256').update(person).digest()[0]! & 1) as 0 | 1;
}
