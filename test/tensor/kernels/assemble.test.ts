import { describe, expect, it } from 'vitest';

import { assembleKernel, expandMadd, KERNEL_NAMES } from '../../../src/tensor/kernels/assemble.js';
import { WASM_BASE64, WASM_FMA_BASE64 } from '../../../src/tensor/kernels/in-batch-softmax-wasm.js';
import * as spdInverseModule from '../../../src/tensor/kernels/spd-inverse-wasm.js';

describe('embedded kernels', () => {
  it('match their .wat sources', async () => {
    // A mismatch means a .wat file was edited without `npx tsx src/tensor/kernels/assemble.ts`.
    expect(KERNEL_NAMES).toEqual(['in-batch-softmax', 'spd-inverse']);
    expect(Buffer.from(await assembleKernel('in-batch-softmax', 'portable')).toString('base64')).toBe(WASM_BASE64);
    expect(Buffer.from(await assembleKernel('in-batch-softmax', 'fma')).toString('base64')).toBe(WASM_FMA_BASE64);
    expect(Buffer.from(await assembleKernel('spd-inverse', 'portable')).toString('base64')).toBe(spdInverseModule.WASM_BASE64);
    expect(Buffer.from(await assembleKernel('spd-inverse', 'fma')).toString('base64')).toBe(spdInverseModule.WASM_FMA_BASE64);
  });
});

describe('expandMadd', () => {
  const source = '(local.set $a (f32x4.madd (local.get $g) (v128.load (local.get $p)) (local.get $a)))';

  it('writes a multiply and an add for the portable variant', () => {
    expect(expandMadd(source, 'portable')).toBe(
      '(local.set $a (f32x4.add (f32x4.mul (local.get $g) (v128.load (local.get $p))) (local.get $a)))',
    );
  });

  it('writes relaxed_madd for the fma variant, nested operands included', () => {
    const nested = '(f32x4.madd (local.get $x) (local.get $y)\n  (f32x4.madd (local.get $z) (local.get $w) (local.get $c)))';
    expect(expandMadd(nested, 'fma')).toBe(
      '(f32x4.relaxed_madd (local.get $x) (local.get $y) (f32x4.relaxed_madd (local.get $z) (local.get $w) (local.get $c)))',
    );
  });

  it('expands f64x2.madd with the f64x2 instructions', () => {
    const double = '(f64x2.madd (local.get $x) (local.get $y) (local.get $s))';
    expect(expandMadd(double, 'portable')).toBe('(f64x2.add (f64x2.mul (local.get $x) (local.get $y)) (local.get $s))');
    expect(expandMadd(double, 'fma')).toBe('(f64x2.relaxed_madd (local.get $x) (local.get $y) (local.get $s))');
  });

  it('expands both shapes in one source', () => {
    const mixed = '(f32x4.madd (local.get $a) (local.get $b) (local.get $c)) (f64x2.madd (local.get $d) (local.get $e) (local.get $f))';
    expect(expandMadd(mixed, 'fma')).toBe(
      '(f32x4.relaxed_madd (local.get $a) (local.get $b) (local.get $c)) (f64x2.relaxed_madd (local.get $d) (local.get $e) (local.get $f))',
    );
  });

  it('rejects a madd without three operands', () => {
    expect(() => expandMadd('(f32x4.madd (local.get $x) (local.get $y))', 'fma')).toThrow(
      'assemble: f32x4.madd at offset 0 needs three parenthesised operands',
    );
    expect(() => expandMadd('(f64x2.madd (local.get $x) (local.get $y) (local.get $z) (local.get $w))', 'portable')).toThrow(
      'assemble: f64x2.madd at offset 0 has more than three operands',
    );
  });
});
