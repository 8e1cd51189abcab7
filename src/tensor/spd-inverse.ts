import { TensorError } from './errors.js';
import { WASM_BASE64, WASM_FMA_BASE64 } from './kernels/spd-inverse-wasm.js';
import { kernelBytes, MAX_PAGES, PAGE_BYTES, wasmApi, type KernelVariant } from './kernels/wasm-runtime.js';
import { factorDiagonalBlock, invertDiagonalBlock } from './spd-inverse-blocks.js';
import { checkSquareMatrix } from './spd-inverse-reference.js';

type GemmNT = (
  c: number, cRowStride: number, cColumnStride: number,
  a: number, aRowStride: number,
  b: number, bRowStride: number,
  m: number, n: number, kLength: number, alpha: number,
) => void;

const DEFAULT_BLOCK_SIZE = 64;

export interface SpdInverseOptions {
  /**
   * Block size b in rows (default 64, a multiple of 8 from 8 to 256). The kernel's products
   * run on b-row blocks and the scalar diagonal-block steps cost about n·b²/3 multiply-adds,
   * so larger blocks trade kernel efficiency for scalar work.
   */
  blockSize?: number;
  /**
   * Use the fused multiply-add build of the kernel where the runtime has relaxed SIMD
   * (default true). Its results differ from the portable build's in the last bits. Node 20
   * and 21 keep relaxed SIMD behind --experimental-wasm-relaxed-simd, so `create` turns that
   * V8 flag on for the process when the module does not validate without it. If it still does
   * not validate, the portable build runs. `false` always runs the portable build.
   */
  fma?: boolean;
}

export type SpdInverseVariant = KernelVariant;

/** Byte offsets of one call's buffers in the kernel memory, and the padded sizes. */
interface KernelLayout {
  /** n rounded up to whole blocks; rows past n hold an identity block. */
  padded: number;
  /** Row stride of the matrix in doubles: at least `padded`, a multiple of 8 with an odd quotient. */
  stride: number;
  /** [padded × b] the inverses M_JJ = L_JJ⁻¹ of the diagonal blocks, dense b × b each. */
  inverses: number;
  /** [padded × b] their transposes. */
  transposes: number;
  /** [padded × b] copy of the panel below a diagonal block. */
  panel: number;
  /** [b × b] scratch block. */
  scratch: number;
  bytes: number;
}

/**
 * Plans the kernel memory for an n × n inverse with block size b. Every offset is in doubles.
 * The matrix row stride is a multiple of 8 doubles (64-byte rows) whose quotient by 8 is odd,
 * so that rows of a power-of-two size do not all map to the same cache sets.
 */
function planLayout(n: number, blockSize: number): KernelLayout {
  const padded = Math.ceil(n / blockSize) * blockSize;
  let stride = Math.ceil(padded / 8) * 8;
  if ((stride / 8) % 2 === 0) stride += 8;
  const inverses = padded * stride;
  const transposes = inverses + padded * blockSize;
  const panel = transposes + padded * blockSize;
  const scratch = panel + padded * blockSize;
  return { padded, stride, inverses, transposes, panel, scratch, bytes: 8 * (scratch + blockSize * blockSize) };
}

/**
 * Bytes of kernel memory an n × n inverse needs: about 8·n² plus 24·n·b for the block
 * scratch. The kernel memory is limited to 1 GiB, which allows n up to about 11,400 at b = 64.
 */
export function spdInverseKernelBytes(n: number, blockSize = DEFAULT_BLOCK_SIZE): number {
  return planLayout(n, blockSize).bytes;
}

/** Largest memory an inverse may use, the 1 GiB maximum of the kernel's memory import. */
export const SPD_INVERSE_MAX_KERNEL_BYTES = MAX_PAGES * PAGE_BYTES;

/**
 * Inverse of a symmetric positive definite matrix in float64 with a blocked Cholesky
 * factorisation whose products run in a wasm SIMD kernel (kernels/spd-inverse.wat),
 * single-threaded. Same contract and the same factors as invertSymmetricPositiveDefiniteReference
 * (A = L Lᵀ, M = L⁻¹, A⁻¹ = Mᵀ M, n³/2 multiply-adds), summed in a different order, and the
 * off-diagonal blocks of L come from the inverse of the diagonal block instead of
 * substitution. On well-conditioned matrices the two differ by rounding only: the tests
 * require under 1e-12 relative, and bench/spd-inverse.ts measured about 5e-15.
 *
 * The matrix is copied into a fresh kernel memory on each call (8·n² bytes, see
 * spdInverseKernelBytes) and padded to whole blocks with an identity block, so that every
 * product runs on full blocks. In that memory, with W = Mᵀ:
 * 1. Cholesky, left-looking by block columns J: subtract L[J:, :J] L[J, :J]ᵀ from the block
 *    column, factor the diagonal block and invert it (scalar), then L[J+1:, J] = A[J+1:, J] M_JJᵀ.
 * 2. Triangular inverse, by block rows I: M_IJ = -M_II Σ_{J<=K<I} L_IK M_KJ, written
 *    transposed as W_JI into the upper triangle, which step 1 leaves unused.
 * 3. A⁻¹ = W Wᵀ over the upper triangle, written to the lower triangle, which no longer
 *    contains anything needed.
 * Each product is a dot product of matrix rows, so one kernel (C += alpha A Bᵀ) does them all.
 */
export class SpdInverse {
  private constructor(
    /** Build of the kernel that runs: 'fma' (relaxed SIMD) or 'portable'. */
    readonly variant: SpdInverseVariant,
    readonly blockSize: number,
    private readonly module: unknown,
  ) {}

  /** Compiles the kernel; fails on a runtime without wasm SIMD. */
  static async create(options: SpdInverseOptions = {}): Promise<SpdInverse> {
    const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    if (!Number.isInteger(blockSize) || blockSize < 8 || blockSize > 256 || blockSize % 8 !== 0) {
      throw new TensorError(
        'TENSOR_INVALID_ARGUMENT',
        `SpdInverse: blockSize must be a multiple of 8 from 8 to 256, got ${blockSize}`,
      );
    }
    const { bytes, variant } = kernelBytes(WASM_BASE64, WASM_FMA_BASE64, options.fma);
    let module: unknown;
    try {
      module = await wasmApi.compile(bytes);
    } catch (error) {
      throw new TensorError(
        'TENSOR_BACKEND_UNAVAILABLE',
        `SpdInverse: the wasm SIMD kernel failed to compile on Node ${process.version}; ` +
          'use invertSymmetricPositiveDefiniteReference instead',
        { cause: error },
      );
    }
    return new SpdInverse(variant, blockSize, module);
  }

  /**
   * Inverts a symmetric positive definite n × n matrix in place. Reads only the lower triangle
   * (j <= i) of `matrix` and writes the full symmetric inverse.
   *
   * @param matrix [n × n] row-major Float64Array, overwritten with the inverse.
   * @throws TensorError TENSOR_SHAPE_MISMATCH when matrix.length is not n × n.
   * @throws TensorError TENSOR_INVALID_ARGUMENT when the kernel memory would exceed 1 GiB;
   *   use invertSymmetricPositiveDefiniteReference, which needs no copy, for such n.
   * @throws NotPositiveDefiniteError when a pivot is not > 0; `matrix` is then unchanged.
   */
  invert(matrix: Float64Array, n: number): void {
    checkSquareMatrix(matrix, n);
    if (n === 0) return;
    const b = this.blockSize;
    const layout = planLayout(n, b);
    if (layout.bytes > SPD_INVERSE_MAX_KERNEL_BYTES) {
      throw new TensorError(
        'TENSOR_INVALID_ARGUMENT',
        `SpdInverse: an n = ${n} inverse needs ${layout.bytes} bytes of kernel memory, above the ` +
          '1 GiB limit; use invertSymmetricPositiveDefiniteReference for matrices this large',
      );
    }

    const pages = Math.ceil(layout.bytes / PAGE_BYTES);
    const memory = new wasmApi.Memory({ initial: pages, maximum: MAX_PAGES });
    const gemm = new wasmApi.Instance(this.module, { env: { memory } }).exports.gemmNT as GemmNT;
    const heap = new Float64Array(memory.buffer);
    copyLowerTriangleIn(heap, layout, matrix, n);

    const kernel = new BlockKernel(heap, gemm, layout, b);
    kernel.factor();
    kernel.invertFactor();
    kernel.multiplyInverseFactors();

    copyInverseOut(heap, layout, matrix, n);
  }
}

/**
 * Inverts a symmetric positive definite n × n matrix in place with the wasm kernel; see
 * SpdInverse for the method and SpdInverse.invert for the contract. Compiles the kernel on
 * each call, so keep an SpdInverse instance to invert many matrices.
 */
export async function invertSymmetricPositiveDefinite(
  matrix: Float64Array,
  n: number,
  options: SpdInverseOptions = {},
): Promise<void> {
  (await SpdInverse.create(options)).invert(matrix, n);
}

/** Copies the lower triangle into the fresh (zeroed) heap and puts 1 on the padding diagonal. */
function copyLowerTriangleIn(heap: Float64Array, layout: KernelLayout, matrix: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) heap.set(matrix.subarray(i * n, i * n + i + 1), i * layout.stride);
  for (let i = n; i < layout.padded; i++) heap[i * layout.stride + i] = 1;
}

/** Copies the lower triangle of the result out and mirrors it, in 64 × 64 tiles for the cache. */
function copyInverseOut(heap: Float64Array, layout: KernelLayout, matrix: Float64Array, n: number): void {
  const { stride } = layout;
  for (let i = 0; i < n; i++) matrix.set(heap.subarray(i * stride, i * stride + i + 1), i * n);
  const tile = 64;
  for (let i0 = 0; i0 < n; i0 += tile) {
    for (let j0 = 0; j0 <= i0; j0 += tile) {
      const iEnd = Math.min(i0 + tile, n);
      for (let i = i0; i < iEnd; i++) {
        const jEnd = Math.min(j0 + tile, i);
        for (let j = j0; j < jEnd; j++) matrix[j * n + i] = heap[i * stride + j];
      }
    }
  }
}

/** The three blocked steps over one padded matrix in the kernel memory. */
class BlockKernel {
  private readonly padded: number;
  private readonly stride: number;
  /** Row stride of the matrix in bytes. */
  private readonly rowBytes: number;

  constructor(
    private readonly heap: Float64Array,
    private readonly gemm: GemmNT,
    private readonly layout: KernelLayout,
    private readonly b: number,
  ) {
    this.padded = layout.padded;
    this.stride = layout.stride;
    this.rowBytes = 8 * layout.stride;
  }

  /** Byte offset of matrix entry (row, column). */
  private at(row: number, column: number): number {
    return 8 * (row * this.stride + column);
  }

  /** Byte offset of the dense b × b block J in the inverses or transposes area. */
  private diagonalBlock(area: number, block: number): number {
    return 8 * (area + block * this.b * this.b);
  }

  /** Zeroes a rows × columns rectangle of the matrix starting at (row, column). */
  private zero(row: number, column: number, rows: number, columns: number): void {
    for (let r = row; r < row + rows; r++) {
      const start = r * this.stride + column;
      this.heap.fill(0, start, start + columns);
    }
  }

  /** Step 1: L in the lower triangle, M_JJ and M_JJᵀ of every diagonal block in scratch. */
  factor(): void {
    const { b, padded, rowBytes, layout } = this;
    const blockBytes = 8 * b;
    for (let j0 = 0; j0 < padded; j0 += b) {
      const block = j0 / b;
      const j1 = j0 + b;
      // A[j0:, J] -= L[j0:, :j0] · L[J, :j0]ᵀ
      this.gemm(this.at(j0, j0), rowBytes, 8, this.at(j0, 0), rowBytes, this.at(j0, 0), rowBytes, padded - j0, b, j0, -1);

      factorDiagonalBlock(this.heap, j0 * this.stride + j0, this.stride, b, j0);
      const inverse = layout.inverses + block * b * b;
      invertDiagonalBlock(this.heap, j0 * this.stride + j0, this.stride, b, inverse, layout.transposes + block * b * b);
      if (j1 === padded) break;

      // L[j1:, J] = A[j1:, J] · M_JJᵀ, from a copy of A[j1:, J] because the product overwrites it.
      for (let r = j1; r < padded; r++) {
        const start = r * this.stride + j0;
        this.heap.copyWithin(layout.panel + (r - j1) * b, start, start + b);
      }
      this.zero(j1, j0, padded - j1, b);
      this.gemm(this.at(j1, j0), rowBytes, 8, 8 * layout.panel, blockBytes, 8 * inverse, blockBytes, padded - j1, b, b, 1);
    }
  }

  /**
   * Step 2: W = Mᵀ = L⁻ᵀ into the upper triangle, block (J, I) for J < I. The diagonal blocks of
   * W are the transposes from step 1.
   */
  invertFactor(): void {
    const { b, padded, rowBytes, layout } = this;
    const blockBytes = 8 * b;
    const scratch = 8 * layout.scratch;
    for (let i0 = b; i0 < padded; i0 += b) {
      const inverseI = this.diagonalBlock(layout.inverses, i0 / b);
      for (let j0 = 0; j0 < i0; j0 += b) {
        const j1 = j0 + b;
        // Tᵀ[j, i] = Σ_{j0<=k<i0} L[i, k] W[j, k], stored transposed in scratch:
        // first k in block J, where W_JJ is a transpose from step 1, then the blocks between.
        this.heap.fill(0, layout.scratch, layout.scratch + b * b);
        const transposeJ = this.diagonalBlock(layout.transposes, j0 / b);
        this.gemm(scratch, 8, blockBytes, this.at(i0, j0), rowBytes, transposeJ, blockBytes, b, b, b, 1);
        if (j1 < i0) {
          this.gemm(scratch, 8, blockBytes, this.at(i0, j1), rowBytes, this.at(j0, j1), rowBytes, b, b, i0 - j1, 1);
        }

        // W[j, i] = M_IJ[i, j] = -Σ_k M_II[i, k] T[k, j] = -Σ_k Tᵀ[j, k] M_II[i, k]
        this.zero(j0, i0, b, b);
        this.gemm(this.at(j0, i0), rowBytes, 8, scratch, blockBytes, inverseI, blockBytes, b, b, b, -1);
      }
    }
  }

  /** Step 3: the lower triangle of A⁻¹ = W Wᵀ, (A⁻¹)_ij = Σ_{k>=i} W[i, k] W[j, k] for j <= i. */
  multiplyInverseFactors(): void {
    const { b, padded, rowBytes, layout } = this;
    const blockBytes = 8 * b;
    for (let i0 = 0; i0 < padded; i0 += b) {
      const i1 = i0 + b;
      const transposeI = this.diagonalBlock(layout.transposes, i0 / b);
      this.zero(i0, 0, b, i1);

      // k in block I: W[i, I] is the transpose from step 1, W[j, I] the upper block (J, I) for
      // j < i0 and the same transpose for j in block I.
      if (i0 > 0) this.gemm(this.at(i0, 0), rowBytes, 8, transposeI, blockBytes, this.at(0, i0), rowBytes, b, i0, b, 1);
      this.gemm(this.at(i0, i0), rowBytes, 8, transposeI, blockBytes, transposeI, blockBytes, b, b, b, 1);

      // k past block I: all of it is in the upper triangle, for every j < i1 at once.
      if (i1 < padded) {
        this.gemm(this.at(i0, 0), rowBytes, 8, this.at(i0, i1), rowBytes, this.at(0, i1), rowBytes, b, i1, padded - i1, 1);
      }
    }
  }
}
