;; Matrix product kernel for the blocked SPD inverse (src/tensor/spd-inverse.ts), wasm SIMD
;; (f64x2).
;;
;; gemmNT computes C += alpha * A * B^T, that is C[i, j] += alpha * sum_k A[i, k] * B[j, k]
;; for i < m, j < n, k < kLength: every entry is a dot product of a row of A with a row of B,
;; both contiguous in k. Cholesky factorisation, the triangular inverse and L^-T L^-1 all
;; reduce to this form on row-major lower triangles, so it is the only kernel they need.
;;
;; A tile of 2 rows of A by 4 rows of B keeps 8 f64x2 partial sums in registers, each lane
;; summing every other k; per pair of k values it loads 6 vectors for 8 multiply-adds.
;; Unrolling that loop twice measured slower under Node 20 (V8 11.3). The
;; loops over k and over j run in chunks of 256 k by 64 rows of B, so the B chunk in use
;; (64 x 256 doubles, 128 KiB) stays in L2 while every row pair of A passes over it.
;;
;; (f64x2.madd a b c) is a * b + c; src/tensor/kernels/assemble.ts expands it into plain
;; SIMD or into relaxed SIMD's fused multiply-add.
;;
;; Layout: pointers are byte offsets into the imported memory and strides are in bytes.
;; C[i, j] is at c + i * cRowStride + j * cColumnStride, so C may be written transposed.
;; The caller guarantees m % 2 = 0, n % 4 = 0 and kLength % 2 = 0 (it pads the matrix to
;; whole blocks), and that C does not overlap the parts of A and B that are read.

(module
  (import "env" "memory" (memory 1 16384))

  (func (export "gemmNT")
    (param $c i32) (param $cRowStride i32) (param $cColumnStride i32)
    (param $a i32) (param $aRowStride i32)
    (param $b i32) (param $bRowStride i32)
    (param $m i32) (param $n i32) (param $kLength i32) (param $alpha f64)
    (local $kStart i32) (local $kBytes i32) (local $jStart i32) (local $jEnd i32)
    (local $i i32) (local $j i32) (local $offset i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local $row0 i32) (local $row1 i32)
    (if (i32.or (i32.eqz (local.get $m)) (i32.or (i32.eqz (local.get $n)) (i32.eqz (local.get $kLength))))
      (then (return)))

    (loop $kChunks
      ;; Bytes of this k chunk: min(256, kLength - kStart) doubles.
      (local.set $kBytes (i32.shl
        (select (i32.const 256) (i32.sub (local.get $kLength) (local.get $kStart))
          (i32.lt_u (i32.const 256) (i32.sub (local.get $kLength) (local.get $kStart))))
        (i32.const 3)))
      (local.set $jStart (i32.const 0))
      (loop $jChunks
        (local.set $jEnd (select (i32.add (local.get $jStart) (i32.const 64)) (local.get $n)
          (i32.lt_u (i32.add (local.get $jStart) (i32.const 64)) (local.get $n))))
        (local.set $i (i32.const 0))
        (loop $rowPairs
          (local.set $a0 (i32.add (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRowStride)))
            (i32.shl (local.get $kStart) (i32.const 3))))
          (local.set $a1 (i32.add (local.get $a0) (local.get $aRowStride)))
          (local.set $j (local.get $jStart))
          (loop $tiles
            (local.set $b0 (i32.add (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $bRowStride)))
              (i32.shl (local.get $kStart) (i32.const 3))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $bRowStride)))
            (local.set $b2 (i32.add (local.get $b1) (local.get $bRowStride)))
            (local.set $b3 (i32.add (local.get $b2) (local.get $bRowStride)))
            (local.set $s00 (v128.const f64x2 0 0)) (local.set $s01 (v128.const f64x2 0 0))
            (local.set $s02 (v128.const f64x2 0 0)) (local.set $s03 (v128.const f64x2 0 0))
            (local.set $s10 (v128.const f64x2 0 0)) (local.set $s11 (v128.const f64x2 0 0))
            (local.set $s12 (v128.const f64x2 0 0)) (local.set $s13 (v128.const f64x2 0 0))
            (local.set $offset (i32.const 0))
            (loop $dot
              (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $offset))))
              (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $offset))))
              (local.set $y (v128.load (i32.add (local.get $b0) (local.get $offset))))
              (local.set $s00 (f64x2.madd (local.get $x0) (local.get $y) (local.get $s00)))
              (local.set $s10 (f64x2.madd (local.get $x1) (local.get $y) (local.get $s10)))
              (local.set $y (v128.load (i32.add (local.get $b1) (local.get $offset))))
              (local.set $s01 (f64x2.madd (local.get $x0) (local.get $y) (local.get $s01)))
              (local.set $s11 (f64x2.madd (local.get $x1) (local.get $y) (local.get $s11)))
              (local.set $y (v128.load (i32.add (local.get $b2) (local.get $offset))))
              (local.set $s02 (f64x2.madd (local.get $x0) (local.get $y) (local.get $s02)))
              (local.set $s12 (f64x2.madd (local.get $x1) (local.get $y) (local.get $s12)))
              (local.set $y (v128.load (i32.add (local.get $b3) (local.get $offset))))
              (local.set $s03 (f64x2.madd (local.get $x0) (local.get $y) (local.get $s03)))
              (local.set $s13 (f64x2.madd (local.get $x1) (local.get $y) (local.get $s13)))
              (br_if $dot (i32.lt_u (local.tee $offset (i32.add (local.get $offset) (i32.const 16))) (local.get $kBytes))))

            ;; C[i + r, j + s] += alpha * (both lanes of sum rs).
            (local.set $row0 (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cRowStride)))
              (i32.mul (local.get $j) (local.get $cColumnStride))))
            (local.set $row1 (i32.add (local.get $row0) (local.get $cRowStride)))
            (call $accumulate (local.get $row0) (local.get $s00) (local.get $alpha))
            (call $accumulate (local.get $row1) (local.get $s10) (local.get $alpha))
            (local.set $row0 (i32.add (local.get $row0) (local.get $cColumnStride)))
            (local.set $row1 (i32.add (local.get $row1) (local.get $cColumnStride)))
            (call $accumulate (local.get $row0) (local.get $s01) (local.get $alpha))
            (call $accumulate (local.get $row1) (local.get $s11) (local.get $alpha))
            (local.set $row0 (i32.add (local.get $row0) (local.get $cColumnStride)))
            (local.set $row1 (i32.add (local.get $row1) (local.get $cColumnStride)))
            (call $accumulate (local.get $row0) (local.get $s02) (local.get $alpha))
            (call $accumulate (local.get $row1) (local.get $s12) (local.get $alpha))
            (local.set $row0 (i32.add (local.get $row0) (local.get $cColumnStride)))
            (local.set $row1 (i32.add (local.get $row1) (local.get $cColumnStride)))
            (call $accumulate (local.get $row0) (local.get $s03) (local.get $alpha))
            (call $accumulate (local.get $row1) (local.get $s13) (local.get $alpha))
            (br_if $tiles (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 4))) (local.get $jEnd))))
          (br_if $rowPairs (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 2))) (local.get $m))))
        (br_if $jChunks (i32.lt_u (local.tee $jStart (local.get $jEnd)) (local.get $n))))
      (br_if $kChunks (i32.lt_u
        (local.tee $kStart (i32.add (local.get $kStart) (i32.shr_u (local.get $kBytes) (i32.const 3))))
        (local.get $kLength)))))

  ;; memory[at] += alpha * (lane 0 + lane 1 of sum).
  (func $accumulate (param $at i32) (param $sum v128) (param $alpha f64)
    (f64.store (local.get $at)
      (f64.add (f64.load (local.get $at))
        (f64.mul (local.get $alpha)
          (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum))))))))
