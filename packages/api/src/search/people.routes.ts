/**
 * The operator console's routes (scope `enroll`): people with their faces and thumbnails,
 * removing a face, deleting a person for good, and reading the recognition log.
 * @module
 */
import { Buffer } from 'node:buffer';
import type { RouteEnv } from './route.env.js';
import type { PeoplePort, RecognitionLogPort } from './search.ports.js';
import { failed, WireError, type WireResponse } from './search.responses.js';

/** Longest people search text accepted. */
const MAX_QUERY = 100;
/** Most log entries one page returns. */
const MAX_LOG_PAGE = 1000;

const ok = (body: unknown): WireResponse => ({ status: 200, body });
const notFound = (what: string) => new WireError(failed(404, `[FAILED]${what} not found`));

function peopleOf(env: RouteEnv): PeoplePort {
  if (!env.people) throw new WireError(failed(501, '[FAILED]people are not available here'));
  return env.people;
}

const iso = (ms: number) => new Date(ms).toISOString();
const dataUrl = (jpeg: Uint8Array | undefined) =>
  jpeg ? `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}` : null;

/** GET /{stage}/people?q=&limit= */
export function listPeople(env: RouteEnv, query: Record<string, string>): WireResponse {
  const q = (query.q ?? '').slice(0, MAX_QUERY);
  const limit = intParam(query.limit, 1, 1000) ?? 1000;
  const people = peopleOf(env).list(env.collectionId, { query: q, limit, thumbnails: true });
  return ok({
    People: people.map((p) => ({
      PersonId: p.id,
      DisplayName: p.displayName,
      Named: p.named,
      FaceCount: p.faces,
      CreatedAt: iso(p.createdAt),
      Thumbnail: dataUrl(p.thumbnail),
    })),
  });
}

/** GET /{stage}/people/{id}: the person with each face and its thumbnail as a data URL. */
export function getPerson(env: RouteEnv, id: string): WireResponse {
  const people = peopleOf(env);
  const person = people.get(env.collectionId, id);
  if (!person) throw notFound('person');
  return ok({
    PersonId: person.id,
    DisplayName: person.displayName,
    Named: person.named,
    CreatedAt: iso(person.createdAt),
    Faces: people.faces(env.collectionId, id).map((f) => ({
      FaceId: f.faceId,
      ImageId: f.imageId,
      CreatedAt: iso(f.createdAt),
      ...(f.userId ? { UserId: f.userId } : {}),
      Thumbnail: dataUrl(f.thumbnail),
    })),
  });
}

/** DELETE /{stage}/people/{id}/faces/{faceId}: one face of that person (and its thumbnail). */
export async function deletePersonFace(
  env: RouteEnv,
  id: string,
  faceId: string,
): Promise<WireResponse> {
  const people = peopleOf(env);
  if (!people.faces(env.collectionId, id).some((f) => f.faceId === faceId)) throw notFound('face');
  const deleted = await deleteFaces(env, [faceId]);
  people.scrub?.();
  return ok({ DeletedFaces: deleted });
}

/**
 * DELETE /{stage}/people/{id}: every face (through DeleteFaces, so the search index and SQLite
 * agree), their thumbnails, the name, and the person in the log. Faces associated with a
 * Rekognition UserId are kept by DeleteFaces; the answer lists them and the name stays until
 * they are gone, so nothing is half-deleted silently.
 */
export async function deletePerson(env: RouteEnv, id: string): Promise<WireResponse> {
  const people = peopleOf(env);
  if (!people.get(env.collectionId, id)) throw notFound('person');
  const faceIds = people.faces(env.collectionId, id).map((f) => f.faceId);
  const deleted = faceIds.length ? await deleteFaces(env, faceIds) : [];
  const kept = faceIds.filter((f) => !deleted.includes(f));
  if (kept.length > 0)
    return {
      status: 409,
      body: {
        msg: `[FAILED]${kept.length} face(s) are associated with a user; disassociate them first`,
        DeletedFaces: deleted,
        KeptFaces: kept,
      },
    };
  people.forget(env.collectionId, id);
  return ok({ PersonId: id, DeletedFaces: deleted });
}

async function deleteFaces(env: RouteEnv, faceIds: string[]): Promise<string[]> {
  if (!env.faces.deleteFaces)
    throw new WireError(failed(501, '[FAILED]deleting faces is not available here'));
  const out: string[] = [];
  // DeleteFaces takes at most 4096 ids per call.
  for (let i = 0; i < faceIds.length; i += 4096) {
    const res = await env.faces.deleteFaces({
      CollectionId: env.collectionId,
      FaceIds: faceIds.slice(i, i + 4096),
    });
    out.push(...res.DeletedFaces);
  }
  return out;
}

/** GET /{stage}/log?limit=&before=: newest first; `before` is the `Id` of the last entry seen. */
export function readLog(
  log: RecognitionLogPort | undefined,
  query: Record<string, string>,
): WireResponse {
  if (!log) throw new WireError(failed(501, '[FAILED]the recognition log is not available here'));
  const limit = intParam(query.limit, 1, MAX_LOG_PAGE) ?? 100;
  const before = intParam(query.before, 1, Number.MAX_SAFE_INTEGER);
  const entries = log.read({ limit, ...(before !== undefined ? { before } : {}) });
  return ok({
    Entries: entries.map((e) => ({
      Id: e.id,
      Time: iso(e.at),
      Route: e.route,
      KeyName: e.keyName ?? null,
      Source: e.source ?? null,
      Imsi: e.imsi ?? null,
      Status: e.status,
      PersonId: e.personId ?? null,
      DisplayName: e.personName ?? null,
      Similarity: e.similarity ?? null,
      LatencyMs: e.latencyMs,
    })),
  });
}

function intParam(raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new WireError(failed(400, `[FAILED]invalid query parameter: ${raw.slice(0, 20)}`));
  return n;
}
