/*
 * Our short links in outbound SMS (SPEC §8), as pure rules: which links a text holds, and the
 * text with each replaced by `{PUBLIC_URL}/l/{code}`. Codes come from the caller's randomness.
 */

/** 62^10 ≈ 8·10^17 codes: guessing one that exists is hopeless, and the text stays short. */
export const CODE_LENGTH = 10;
export const LINK_TTL_MS = 365 * 24 * 60 * 60 * 1000;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The codes our links carry; anything else is answered 404 without a query. */
export const CODE_SHAPE = /^[A-Za-z0-9]{7,32}$/;

/**
 * A code from random bytes: bytes ≥ 248 (= 4·62) are dropped so every letter is equally likely.
 * Null when the bytes ran out first (the caller draws more).
 */
export function codeFrom(bytes: Uint8Array): string | null {
  let code = '';
  for (const byte of bytes) {
    if (byte >= 248) continue;
    code += ALPHABET[byte % 62];
    if (code.length === CODE_LENGTH) return code;
  }
  return null;
}

// Up to whitespace or a character that cannot end a URL in running text.
const LINK = /https:\/\/[^\s<>"'`]+/g;
const TRAILING = /[.,;:!?)\]}'"»]+$/;

/** The `https://` links of a text, in order, each without the punctuation that ends its sentence. */
export function linksIn(body: string): { url: string; index: number }[] {
  return [...body.matchAll(LINK)].flatMap((m) => {
    const url = m[0].replace(TRAILING, '');
    return url.length > 'https://'.length ? [{ url, index: m.index }] : [];
  });
}

/**
 * The text with its links replaced by short ones (`codes[i]` for the i-th link that is not one
 * of ours already), and the links that need a code: call once with no codes to count them.
 */
export function shortened(body: string, base: string, codes: readonly string[]): { body: string; links: string[] } {
  const ours = `${base}/l/`;
  const links = linksIn(body).filter((l) => !l.url.startsWith(ours));
  let out = '';
  let from = 0;
  links.forEach((link, i) => {
    const code = codes[i];
    if (code === undefined) return;
    out += body.slice(from, link.index) + ours + code;
    from = link.index + link.url.length;
  });
  return { body: out + body.slice(from), links: links.map((l) => l.url) };
}
