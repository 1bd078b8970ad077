/**
 * Turns a /search or /recognize answer into recognition log entries: one per face answered
 * (the largest face for /search), or one without a person for an answer that names nobody.
 * @module
 */
import type { RecognitionLogEntry } from './search.ports.js';
import type { WireResponse } from './search.responses.js';

interface Match {
  Similarity?: number;
  DisplayName?: string;
  Face?: { ExternalImageId?: string };
}

export interface LogContext {
  at: number;
  collectionId: string;
  route: 'search' | 'recognize';
  keyName?: string;
  source?: string;
  imsi?: string;
  latencyMs: number;
}

export function logEntriesFor(ctx: LogContext, response: WireResponse): RecognitionLogEntry[] {
  const base = {
    ...ctx,
    status: response.status,
  };
  const payloads = (response.body as { payloads?: Record<string, unknown> } | undefined)?.payloads;
  const named = (m: Match | undefined): RecognitionLogEntry => {
    const id = m?.Face?.ExternalImageId;
    if (!m || !id) return base;
    return {
      ...base,
      personId: id,
      personName: m.DisplayName ?? id,
      ...(typeof m.Similarity === 'number' ? { similarity: m.Similarity } : {}),
    };
  };
  if (response.status !== 200 || !payloads) return [base];
  if (ctx.route === 'search') return [named((payloads.FaceMatches as Match[] | undefined)?.[0])];
  const faces = (payloads.Faces as Array<{ FaceMatches?: Match[] }> | undefined) ?? [];
  return faces.length ? faces.map((f) => named(f.FaceMatches?.[0])) : [base];
}
