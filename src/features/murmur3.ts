/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain), over bytes.
 *
 * Used to hash tokens into feature buckets: fast, well mixed in the low bits (so `hash % buckets`
 * is near uniform) and stable across platforms and releases, which a saved model depends on.
 * Changing this function or its seed changes every hashed feature of every saved model.
 */
export function murmur3_32(bytes: Uint8Array, seed = 0, length = bytes.length): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = length & ~3;

  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }

  // The last 1-3 bytes, little-endian.
  const tail = length & 3;
  if (tail > 0) {
    let k = bytes[blocks];
    if (tail > 1) k ^= bytes[blocks + 1] << 8;
    if (tail > 2) k ^= bytes[blocks + 2] << 16;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }

  // Finalisation mix: forces every input bit to affect every output bit.
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(256);

/** MurmurHash3 (x86, 32-bit) of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function hashString(text: string, seed = 0): number {
  // A UTF-16 code unit encodes to at most 3 UTF-8 bytes.
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return murmur3_32(scratch, seed, written);
}
