/**
 * The emulator's seed file: operators, their auth keys and their SIMs, read once on the first
 * start (when the state file does not exist yet). Validated here, at the edge.
 * @module
 */
import { z } from 'zod';
import { SPEED_CLASSES } from '../types.js';

const operatorId = z.string().regex(/^OP[0-9A-Za-z]{1,30}$/, 'operatorId looks like OP0012345678');

export const seedFileSchema = z.object({
  operators: z.array(z.object({ operatorId, email: z.string().optional() })).min(1),
  authKeys: z
    .array(
      z.object({
        operatorId,
        /** Generated (`keyId-...`) when absent. */
        authKeyId: z.string().min(1).optional(),
        /** Generated (`secret-...`) at first start when absent, then kept in the state file. */
        authKey: z.string().min(1).optional(),
      }),
    )
    .default([]),
  sims: z
    .array(
      z.object({
        imsi: z.string().regex(/^[0-9]{6,15}$/, 'an IMSI is 6 to 15 digits'),
        msisdn: z.string().default(''),
        operatorId: operatorId.optional(),
        speedClass: z.enum(SPEED_CLASSES).default('s1.standard'),
        tags: z.record(z.string(), z.string()).default({}),
        status: z.string().default('active'),
        ipAddress: z.string().optional(),
      }),
    )
    .default([]),
});

/** A seed file as written (defaults optional). */
export type SeedFile = z.input<typeof seedFileSchema>;
/** A seed file after validation (defaults filled). */
export type ParsedSeed = z.output<typeof seedFileSchema>;

/** Validates a seed, naming the first bad field in a readable message. */
export function parseSeed(input: unknown): ParsedSeed {
  const r = seedFileSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(
      `Invalid SORACOM emulator seed: ${i?.path.join('.') || '(root)'}: ${i?.message ?? 'invalid'}`,
    );
  }
  return r.data;
}
