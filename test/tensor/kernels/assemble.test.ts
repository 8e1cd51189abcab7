import { describe, expect, it } from 'vitest';

import { assembleKernel, KERNEL_NAMES } from '../../../src/tensor/kernels/assemble.js';
import { WASM_BASE64 } from '../../../src/tensor/kernels/in-batch-softmax-wasm.js';

describe('embedded kernels', () => {
  it('match their .wat sources', async () => {
    // A mismatch means a .wat file was edited without `npx tsx src/tensor/kernels/assemble.ts`.
    expect(KERNEL_NAMES).toEqual(['in-batch-softmax']);
    const bytes = await assembleKernel('in-batch-softmax');
    expect(Buffer.from(bytes).toString('base64')).toBe(WASM_BASE64);
  });
});
