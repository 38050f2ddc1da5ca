import fc from 'fast-check';

/*
 * Mutations of a real payload for property tests: one to three of its leaves replaced by hostile
 * values, the rest of it left as the provider sent it, so a parser meets what it knows with a
 * few fields gone wrong.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a leaf of a JSON value; an empty object or array is a leaf itself (a PATCH body with nothing required samples as `{}`). */
export function leaves(value: Json, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value) && value.length > 0) return value.flatMap((v, i) => leaves(v, [...at, i]));
  if (value && typeof value === 'object' && Object.keys(value).length > 0) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
  return [at];
}

export function replaced(value: Json, at: (string | number)[], leaf: Json): Json {
  if (at.length === 0) return leaf;
  const [head, ...rest] = at;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, Json>;
  copy[head!] = replaced(copy[head!] ?? null, rest, leaf);
  return copy as Json;
}

/** `payload` with one to three leaves replaced by values of `hostile`. */
export const mutationOf = (payload: Json, hostile: fc.Arbitrary<unknown>) => {
  const paths = leaves(payload);
  return fc
    .array(fc.tuple(fc.integer({ min: 0, max: paths.length - 1 }), hostile), { minLength: 1, maxLength: 3 })
    .map((edits) => edits.reduce<Json>((doc, [i, leaf]) => replaced(doc, paths[i]!, leaf as Json), payload));
};
