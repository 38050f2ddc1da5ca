/** The storage key of some bytes: their SHA-256 in hex, fanned out by its first two characters so no folder grows huge. */
export function contentKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256 in hex: ${sha256}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256}`;
}
