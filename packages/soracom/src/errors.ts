/**
 * SORACOM's error shape (`{"code":"AUM0001","message":"..."}` with an HTTP status) and the codes
 * the emulator answers with. SORACOM publishes the shape, not a full code list: only AUM0001's
 * text ("Token is required in the request header") is taken from a real response seen in a
 * public client; the others follow SORACOM's prefix habit (AUM auth, GRM groups, SEM
 * subscribers, COM common) and are listed in docs/design/soracom.md.
 * @module
 */
import type { SoracomErrorBody } from './types.js';

/** An error the SORACOM API (real or emulated) answered, or the emulator is about to answer. */
export class SoracomApiError extends Error {
  override readonly name = 'SoracomApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** The wire body. */
  toBody(): SoracomErrorBody {
    return { code: this.code, message: this.message };
  }
}

const err = (status: number, code: string) => (message: string) =>
  new SoracomApiError(status, code, message);

/** The emulator's error catalogue, one factory per situation. */
export const SoracomErrors = {
  /** X-Soracom-API-Key or X-Soracom-Token missing. */
  tokenRequired: () => err(401, 'AUM0001')('Token is required in the request header'),
  /** API key or token unknown or expired. */
  invalidToken: () => err(401, 'AUM0002')('Invalid API key or token, or the token has expired'),
  /** The API key and the token were not issued together. */
  keyTokenMismatch: () => err(403, 'AUM0003')('The API key does not match the token'),
  /** POST /auth with an unknown auth key id or a wrong secret. */
  authFailed: () => err(401, 'AUM0004')('Invalid authKeyId or authKey'),
  badJson: err(400, 'COM0001'),
  invalidRequest: err(400, 'COM0002'),
  noSuchApi: err(404, 'COM0003'),
  bodyTooLarge: () => err(413, 'COM0005')('Request body is too large'),
  internal: () => err(500, 'COM0006')('Internal error in the SORACOM emulator'),
  groupNotFound: (groupId: string) => err(404, 'GRM0001')(`No such group: ${groupId}`),
  groupInBodyNotFound: (groupId: string) =>
    err(400, 'GRM0002')(`The group ${groupId} does not exist`),
  groupNotEmpty: (groupId: string, count: number) =>
    err(
      400,
      'GRM0003',
    )(`Group ${groupId} still has ${count} subscriber(s); unset their group first`),
  configKeyNotFound: (key: string) =>
    err(404, 'GRM0004')(`No configuration parameter named ${key}`),
  subscriberNotFound: (imsi: string) => err(404, 'SEM0001')(`No such subscriber: ${imsi}`),
  tagNotFound: (name: string) => err(404, 'SEM0002')(`No tag named ${name}`),
} as const;

export const isSoracomApiError = (e: unknown): e is SoracomApiError => e instanceof SoracomApiError;
