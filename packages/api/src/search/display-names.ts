/**
 * Adds the person's display name beside Rekognition's fields in /search and /recognize answers.
 * The hands-on's ids (`Taro_Yamada`) have no stored name and show as themselves.
 * @module
 */
import type { FaceMatchOut } from '@facegate/core';
import type { RouteEnv } from './route.env.js';

export type NamedMatch = FaceMatchOut & { DisplayName?: string };

/**
 * Each match with `DisplayName` (the stored name, else its ExternalImageId; absent without one).
 * Without a people directory (the Lambda) the matches are returned as Rekognition gave them.
 */
export function withDisplayNames(env: RouteEnv, matches: readonly FaceMatchOut[]): NamedMatch[] {
  if (!env.people) return [...matches];
  const ids = matches.flatMap((m) => (m.Face.ExternalImageId ? [m.Face.ExternalImageId] : []));
  const names = ids.length ? env.people.displayNames(env.collectionId, ids) : undefined;
  return matches.map((m) => {
    const id = m.Face.ExternalImageId;
    return id ? { ...m, DisplayName: names?.get(id) ?? id } : { ...m };
  });
}
