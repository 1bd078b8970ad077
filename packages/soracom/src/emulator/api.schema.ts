/**
 * Wire schemas of the emulated SORACOM API requests (contract D), checked once at the edge.
 * @module
 */
import { z } from 'zod';
import { SoracomErrors } from '../errors.js';
import { SPEED_CLASSES } from '../types.js';

export const authRequest = z.object({ authKeyId: z.string().min(1), authKey: z.string().min(1) });

export const createGroupRequest = z.object({ tags: z.record(z.string(), z.string()).default({}) });

export const metadataValue = z.object({
  enabled: z.boolean(),
  readonly: z.boolean().default(true),
  allowOrigin: z.string().optional(),
});

export const configurationRequest = z
  .array(z.object({ key: z.string().min(1), value: z.unknown() }))
  .superRefine((items, ctx) => {
    items.forEach((item, i) => {
      if (item.value === undefined) {
        ctx.addIssue({ code: 'custom', path: [i, 'value'], message: 'value is required' });
      }
    });
  });

/** The SoracomAir keys whose value has a known shape. */
export const soracomAirValues: Record<string, z.ZodType> = {
  metadata: metadataValue,
  userdata: z.string(),
};

export const beamHttpValue = z.object({
  name: z.string().optional(),
  destination: z.url({ protocol: /^https?$/ }),
  enabled: z.boolean(),
  addSubscriberHeader: z.boolean().optional(),
  addEquipmentHeader: z.boolean().optional(),
  addMsisdnHeader: z.boolean().optional(),
  addSimIdHeader: z.boolean().optional(),
  addSignature: z.boolean().optional(),
  // A PSK in clear (older accounts) or a reference to the credentials store.
  psk: z.union([z.string(), z.object({ $credentialsId: z.string() })]).optional(),
  customHeaders: z
    .record(
      z.string(),
      z.object({ action: z.string(), headerKey: z.string(), headerValue: z.string() }),
    )
    .optional(),
});

/** SoracomBeam keys are entry points; the HTTP ones (`http://beam.soracom.io:8888/<path>`) are checked. */
export const isBeamHttpEntry = (key: string) =>
  /^https?:\/\/beam\.soracom\.io(:\d+)?\/[\w./-]*$/.test(key);

export const soracomEndorseValues: Record<string, z.ZodType> = {
  enabled: z.boolean(),
  includeImsi: z.boolean(),
  includeImei: z.boolean(),
  includeMsisdn: z.boolean(),
  includeSimId: z.boolean(),
  tokenTimeoutSeconds: z.number().int().min(60).max(86_400),
};

export const setGroupRequest = z.object({ groupId: z.string().min(1) });

export const speedClassRequest = z.object({ speedClass: z.enum(SPEED_CLASSES) });

export const tagsRequest = z
  .array(z.object({ tagName: z.string().min(1), tagValue: z.string() }))
  .min(1);

/** Validates `body` with `schema`, answering SORACOM's 400 naming the first bad field. */
export function validate<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  const where = i?.path.length ? `${i.path.join('.')}: ` : '';
  throw SoracomErrors.invalidRequest(`Invalid request: ${where}${i?.message ?? 'invalid value'}`);
}
