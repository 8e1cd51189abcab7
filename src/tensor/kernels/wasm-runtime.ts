import v8 from 'node:v8';

/**
 * The parts of the WebAssembly API the kernels use. The project's TypeScript lib (ES2023
 * without DOM) does not declare WebAssembly, although Node provides it.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
  Instance: new (module: unknown, imports: object) => { exports: Record<string, unknown> };
  compile(bytes: Uint8Array): Promise<unknown>;
  validate(bytes: Uint8Array): boolean;
  instantiate(module: unknown, imports: object): Promise<{ exports: Record<string, unknown> }>;
}
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export const PAGE_BYTES = 65536;
/** Maximum pages of every kernel's memory import (1 GiB); each .wat file declares the same. */
export const MAX_PAGES = 16384;

/** Build of a kernel: relaxed SIMD fused multiply-add, or plain SIMD. */
export type KernelVariant = 'portable' | 'fma';

/**
 * Picks the bytes of a kernel that assemble.ts built in two variants: the fma build if `fma`
 * is not false and the runtime validates it, else the portable build. Where V8 keeps relaxed
 * SIMD behind --experimental-wasm-relaxed-simd (Node 20 and 21), it turns that flag on for the
 * process before giving up on the fma build.
 */
export function kernelBytes(portableBase64: string, fmaBase64: string, fma: boolean | undefined): { bytes: Uint8Array; variant: KernelVariant } {
  if (fma !== false) {
    const bytes = Buffer.from(fmaBase64, 'base64');
    if (wasmApi.validate(bytes)) return { bytes, variant: 'fma' };
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    if (wasmApi.validate(bytes)) return { bytes, variant: 'fma' };
  }
  return { bytes: Buffer.from(portableBase64, 'base64'), variant: 'portable' };
}
