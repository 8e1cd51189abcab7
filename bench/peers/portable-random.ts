/**
 * Seeded randomness that every training peer reproduces bit for bit, in TypeScript and in
 * Python (pytorch_peer.py contains the numpy twin of each function here).
 *
 * The peers must train the same model on the same data, so the example order and the initial
 * embedding tables cannot come from each framework's own generator. Everything is derived from
 * one 32-bit integer hash, which is simple to port and cheap to vectorise in numpy.
 */

/** Salts that keep the streams of one seed apart; arbitrary but fixed constants. */
const ORDER_SALT = 0x5eed0001;
export const USER_TABLE_SALT = 0x5eed0002;
export const ARTICLE_TABLE_SALT = 0x5eed0003;

const TWO_POW_32 = 4294967296;

/**
 * Hashes a 32-bit integer with Chris Wellons' "lowbias32" mixer (nullprogram.com, 2018). The
 * mixer is a bijection on [0, 2^32), so distinct inputs never collide, which makes the sort in
 * `shuffledOrder` tie-free.
 */
export function hash32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Returns the order in which an epoch visits the examples: a permutation of 0..size-1, sorted by
 * hash32(index XOR base) where base depends on the seed and the 0-based epoch. Each epoch gets
 * a different order; the same (size, seed, epoch) always gives the same order.
 */
export function shuffledOrder(size: number, seed: number, epoch: number): Uint32Array {
  if (!Number.isInteger(size) || size < 0 || size > TWO_POW_32) {
    throw new RangeError(`shuffledOrder: size ${size} must be an integer in [0, 2^32].`);
  }
  const base = hash32((hash32((seed ^ ORDER_SALT) >>> 0) + epoch) >>> 0);
  const keys = new Uint32Array(size);
  const order = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    keys[i] = hash32((i ^ base) >>> 0);
    order[i] = i;
  }
  return order.sort((a, b) => keys[a]! - keys[b]!);
}

/**
 * Fills an embedding table of shape [rows, dim] (row-major) with normal(0, std) values from the
 * Box–Muller transform of two hashed uniforms per element. Element k = row * dim + col uses
 * u1 = (hash32(k XOR b1) + 1) / 2^32 in (0, 1] and u2 = hash32(k XOR b2) / 2^32 in [0, 1), with
 * b1 = hash32(seed XOR salt) and b2 = hash32(b1). The math runs in float64 and each value is
 * rounded once to float32, so a port that does the same gets the same table.
 */
export function hashedNormalTable(
  rows: number,
  dim: number,
  std: number,
  seed: number,
  salt: number,
): Float32Array {
  const size = rows * dim;
  if (!Number.isInteger(size) || size < 0 || size > TWO_POW_32) {
    throw new RangeError(`hashedNormalTable: rows * dim = ${size} must be an integer in [0, 2^32].`);
  }
  const base1 = hash32((seed ^ salt) >>> 0);
  const base2 = hash32(base1);
  const table = new Float32Array(size);
  for (let k = 0; k < size; k++) {
    const u1 = (hash32((k ^ base1) >>> 0) + 1) / TWO_POW_32;
    const u2 = hash32((k ^ base2) >>> 0) / TWO_POW_32;
    table[k] = std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return table;
}
