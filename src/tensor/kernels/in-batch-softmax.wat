;; Fused in-batch softmax forward and backward, wasm SIMD (f32x4).
;;
;; For rows i in [i0, i1) of a batch, four rows at a time:
;;   logits  s_u = (q_i . c_u) * invT + bias_u + offset_iu, and the label's logit
;;           label = s_pos - logMultiplicity_pos (one copy of the positive);
;;           with hit removal the positive column also uses `label`;
;;   softmax e_u = exp(s_u - max), total = sum_u e_u;
;;   gradient g_u = (e_u - total * [u = pos]) * rowScale * invT / total;
;;   dq_i = sum_u g_u c_u (overwritten), dc_u += g_u q_i (accumulated), and with
;;   offsets dOffset_iu = g_u * temperature (overwritten), since offsets enter after
;;   the division by the temperature.
;; stats[i] receives (max, total, label) so the caller forms the loss
;; max + ln(total) - label in float64.
;;
;; Each product keeps a 4-row by 8-value tile of partial sums in registers, and the four
;; rows' logits are kept interleaved (scratch[4u + r] for row r of the block), so the
;; softmax runs on all four rows in one f32x4 lane each.
;;
;; (f32x4.madd a b c) is a * b + c; src/tensor/kernels/assemble.ts expands it into plain
;; SIMD or into relaxed SIMD's fused multiply-add.
;;
;; Layout: every pointer is a byte offset into the imported memory, matrices are
;; row-major float32, d is a multiple of 8, i0 and i1 are multiples of 4 (the caller
;; pads the batch with zero-weight rows). With Up = U rounded up to a multiple of 8:
;; `panels` holds the candidates packed by packPanels (Up x d floats), `scratch` holds
;; 4 x Up floats, and `bias` is readable up to Up floats (values past U are unused). The
;; optional offsets and dOffsets are row-major [rows x U] (pointer 0 = absent), and the
;; offsets are readable 8 floats past their end; the caller zeroes the offsets of padding
;; rows.

(module
  ;; Shared, so that worker threads can run disjoint row ranges on the same buffers.
  (import "env" "memory" (memory 1 16384 shared))

  ;; Stores the transpose of the 4 x 4 block whose rows are r0 .. r3 at `at`: column j
  ;; (lane j of every row) goes to at + 16 j, so four rows' values of one candidate share
  ;; one vector, the interleaved scratch layout.
  (func $storeTransposed (param $at i32) (param $r0 v128) (param $r1 v128) (param $r2 v128) (param $r3 v128)
    (local $lo01 v128) (local $lo23 v128) (local $hi01 v128) (local $hi23 v128)
    (local.set $lo01 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
    (local.set $lo23 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
    (local.set $hi01 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
    (local.set $hi23 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
    (v128.store offset=0 (local.get $at)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo01) (local.get $lo23)))
    (v128.store offset=16 (local.get $at)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo01) (local.get $lo23)))
    (v128.store offset=32 (local.get $at)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $hi01) (local.get $hi23)))
    (v128.store offset=48 (local.get $at)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $hi01) (local.get $hi23))))

  ;; Candidates in panels of eight: panel p holds candidates 8p .. 8p + 7 as [d][8] floats,
  ;; zero beyond the last candidate, so the logits loop reads one contiguous 32-byte line per
  ;; dimension. `panels` needs ceil(U / 8) * 8 * d floats.
  (func (export "packPanels") (param $c i32) (param $panels i32) (param $numCandidates i32) (param $dim i32)
    (local $u i32) (local $k i32) (local $at i32) (local $padded i32)
    (local.set $padded (i32.and (i32.add (local.get $numCandidates) (i32.const 7)) (i32.const -8)))
    (loop $candidates
      ;; Float (u, k) goes to panel u / 8, row k, lane u % 8.
      (local.set $at (i32.add (local.get $panels)
        (i32.shl (i32.add (i32.mul (i32.shr_u (local.get $u) (i32.const 3)) (i32.shl (local.get $dim) (i32.const 3)))
                          (i32.and (local.get $u) (i32.const 7)))
                 (i32.const 2))))
      (local.set $k (i32.const 0))
      (loop $dims
        (f32.store (local.get $at)
          (if (result f32) (i32.lt_u (local.get $u) (local.get $numCandidates))
            (then (f32.load (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $u) (local.get $dim)) (local.get $k)) (i32.const 2)))))
            (else (f32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 32)))
        (br_if $dims (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $dim))))
      (br_if $candidates (i32.lt_u (local.tee $u (i32.add (local.get $u) (i32.const 1))) (local.get $padded)))))

  ;; Logits of rows q0 .. q0 + 3 against every candidate, interleaved into scratch;
  ;; returns the four rows' maxima. offset0 points at the first row's offsets, or is 0.
  ;; A tile of 4 rows x 8 candidates keeps its 8 partial sums in registers over the whole
  ;; dot product: per dimension two panel loads and four broadcasts feed 8 multiply-adds.
  ;; The last tile may run past U into padding columns: scratch has room for them (4 x
  ;; ceil(U / 8) * 8 floats), and the maxima skip them.
  (func $logits4
    (param $q0 i32) (param $panels i32) (param $bias i32) (param $scratch i32)
    (param $numCandidates i32) (param $rowBytes i32) (param $invT f32)
    (param $offset0 i32) (result v128)
    (local $u i32) (local $k i32) (local $p i32) (local $at i32) (local $end i32)
    (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $offset1 i32) (local $offset2 i32) (local $offset3 i32)
    (local $c0 v128) (local $c1 v128) (local $g v128) (local $bias0 v128) (local $bias1 v128)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128)
    (local $a2 v128) (local $b2 v128) (local $a3 v128) (local $b3 v128)
    (local $invTv v128) (local $maxv v128)
    (local.set $q1 (i32.add (local.get $q0) (local.get $rowBytes)))
    (local.set $q2 (i32.add (local.get $q1) (local.get $rowBytes)))
    (local.set $q3 (i32.add (local.get $q2) (local.get $rowBytes)))
    (local.set $invTv (f32x4.splat (local.get $invT)))
    ;; Offset rows of the block: U floats apart.
    (local.set $offset1 (i32.add (local.get $offset0) (i32.shl (local.get $numCandidates) (i32.const 2))))
    (local.set $offset2 (i32.add (local.get $offset1) (i32.shl (local.get $numCandidates) (i32.const 2))))
    (local.set $offset3 (i32.add (local.get $offset2) (i32.shl (local.get $numCandidates) (i32.const 2))))
    (local.set $p (local.get $panels))
    (loop $tiles
      (local.set $a0 (v128.const f32x4 0 0 0 0)) (local.set $b0 (v128.const f32x4 0 0 0 0))
      (local.set $a1 (v128.const f32x4 0 0 0 0)) (local.set $b1 (v128.const f32x4 0 0 0 0))
      (local.set $a2 (v128.const f32x4 0 0 0 0)) (local.set $b2 (v128.const f32x4 0 0 0 0))
      (local.set $a3 (v128.const f32x4 0 0 0 0)) (local.set $b3 (v128.const f32x4 0 0 0 0))
      (local.set $k (i32.const 0))
      (loop $dot
        (local.set $c0 (v128.load offset=0 (local.get $p)))
        (local.set $c1 (v128.load offset=16 (local.get $p)))
        (local.set $g (v128.load32_splat (i32.add (local.get $q0) (local.get $k))))
        (local.set $a0 (f32x4.madd (local.get $g) (local.get $c0) (local.get $a0)))
        (local.set $b0 (f32x4.madd (local.get $g) (local.get $c1) (local.get $b0)))
        (local.set $g (v128.load32_splat (i32.add (local.get $q1) (local.get $k))))
        (local.set $a1 (f32x4.madd (local.get $g) (local.get $c0) (local.get $a1)))
        (local.set $b1 (f32x4.madd (local.get $g) (local.get $c1) (local.get $b1)))
        (local.set $g (v128.load32_splat (i32.add (local.get $q2) (local.get $k))))
        (local.set $a2 (f32x4.madd (local.get $g) (local.get $c0) (local.get $a2)))
        (local.set $b2 (f32x4.madd (local.get $g) (local.get $c1) (local.get $b2)))
        (local.set $g (v128.load32_splat (i32.add (local.get $q3) (local.get $k))))
        (local.set $a3 (f32x4.madd (local.get $g) (local.get $c0) (local.get $a3)))
        (local.set $b3 (f32x4.madd (local.get $g) (local.get $c1) (local.get $b3)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br_if $dot (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 4))) (local.get $rowBytes))))
      ;; s = dot * invT + bias + offset, still one vector per row and four candidates per vector.
      (local.set $at (i32.shl (local.get $u) (i32.const 2)))
      (local.set $bias0 (v128.load offset=0 (i32.add (local.get $bias) (local.get $at))))
      (local.set $bias1 (v128.load offset=16 (i32.add (local.get $bias) (local.get $at))))
      (local.set $a0 (f32x4.add (f32x4.mul (local.get $a0) (local.get $invTv)) (local.get $bias0)))
      (local.set $b0 (f32x4.add (f32x4.mul (local.get $b0) (local.get $invTv)) (local.get $bias1)))
      (local.set $a1 (f32x4.add (f32x4.mul (local.get $a1) (local.get $invTv)) (local.get $bias0)))
      (local.set $b1 (f32x4.add (f32x4.mul (local.get $b1) (local.get $invTv)) (local.get $bias1)))
      (local.set $a2 (f32x4.add (f32x4.mul (local.get $a2) (local.get $invTv)) (local.get $bias0)))
      (local.set $b2 (f32x4.add (f32x4.mul (local.get $b2) (local.get $invTv)) (local.get $bias1)))
      (local.set $a3 (f32x4.add (f32x4.mul (local.get $a3) (local.get $invTv)) (local.get $bias0)))
      (local.set $b3 (f32x4.add (f32x4.mul (local.get $b3) (local.get $invTv)) (local.get $bias1)))
      (if (local.get $offset0)
        (then
          (local.set $a0 (f32x4.add (local.get $a0) (v128.load offset=0 (i32.add (local.get $offset0) (local.get $at)))))
          (local.set $b0 (f32x4.add (local.get $b0) (v128.load offset=16 (i32.add (local.get $offset0) (local.get $at)))))
          (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=0 (i32.add (local.get $offset1) (local.get $at)))))
          (local.set $b1 (f32x4.add (local.get $b1) (v128.load offset=16 (i32.add (local.get $offset1) (local.get $at)))))
          (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=0 (i32.add (local.get $offset2) (local.get $at)))))
          (local.set $b2 (f32x4.add (local.get $b2) (v128.load offset=16 (i32.add (local.get $offset2) (local.get $at)))))
          (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=0 (i32.add (local.get $offset3) (local.get $at)))))
          (local.set $b3 (f32x4.add (local.get $b3) (v128.load offset=16 (i32.add (local.get $offset3) (local.get $at)))))))
      (local.set $at (i32.add (local.get $scratch) (i32.shl (local.get $u) (i32.const 4))))
      (call $storeTransposed (local.get $at) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3))
      (call $storeTransposed (i32.add (local.get $at) (i32.const 64)) (local.get $b0) (local.get $b1) (local.get $b2) (local.get $b3))
      (br_if $tiles (i32.lt_u (local.tee $u (i32.add (local.get $u) (i32.const 8))) (local.get $numCandidates))))
    (local.set $maxv (f32x4.splat (f32.const -inf)))
    (local.set $at (local.get $scratch))
    (local.set $end (i32.add (local.get $scratch) (i32.shl (local.get $numCandidates) (i32.const 4))))
    (loop $maxima
      (local.set $maxv (f32x4.pmax (local.get $maxv) (v128.load (local.get $at))))
      (br_if $maxima (i32.lt_u (local.tee $at (i32.add (local.get $at) (i32.const 16))) (local.get $end))))
    (local.get $maxv))

  ;; Label logit of row i (lane r of the block) and, with hit removal, the positive
  ;; column set to it. Returns the label.
  (func $label
    (param $scratch i32) (param $i i32) (param $r i32) (param $positives i32)
    (param $logMultiplicity i32) (param $removeHits i32) (result f32)
    (local $positive i32) (local $at i32) (local $label f32)
    (local.set $positive (i32.load (i32.add (local.get $positives) (i32.shl (local.get $i) (i32.const 2)))))
    (local.set $at (i32.add (local.get $scratch)
      (i32.add (i32.shl (local.get $positive) (i32.const 4)) (i32.shl (local.get $r) (i32.const 2)))))
    (local.set $label (f32.sub (f32.load (local.get $at))
      (f32.load (i32.add (local.get $logMultiplicity) (i32.shl (local.get $positive) (i32.const 2))))))
    (if (local.get $removeHits) (then (f32.store (local.get $at) (local.get $label))))
    (local.get $label))

  ;; Subtracts `total` from the positive column of row i (lane r): e_pos - total.
  (func $subtractLabel
    (param $scratch i32) (param $i i32) (param $r i32) (param $positives i32) (param $total f32)
    (local $at i32)
    (local.set $at (i32.add (local.get $scratch)
      (i32.add (i32.shl (i32.load (i32.add (local.get $positives) (i32.shl (local.get $i) (i32.const 2))))
                        (i32.const 4))
               (i32.shl (local.get $r) (i32.const 2)))))
    (f32.store (local.get $at) (f32.sub (f32.load (local.get $at)) (local.get $total))))

  ;; Softmax of a block's interleaved logits: writes stats, and turns scratch into the
  ;; gradient factors g (already scaled by rowScale * invT / total).
  (func $softmax4
    (param $scratch i32) (param $i i32) (param $maxv v128) (param $logMultiplicity i32)
    (param $positives i32) (param $rowScale i32) (param $stats i32) (param $numCandidates i32)
    (param $invT f32) (param $removeHits i32)
    (local $at i32) (local $end i32) (local $e v128) (local $sumv v128) (local $kv v128)
    (local $x v128) (local $t v128) (local $n v128) (local $r v128) (local $y v128) (local $hi v128) (local $lo v128)
    (local $log2e v128) (local $magic v128) (local $ln2hi v128) (local $ln2lo v128) (local $p0 v128) (local $p1 v128)
    (local $p2 v128) (local $p3 v128) (local $p4 v128) (local $p5 v128) (local $one v128) (local $bias v128)
    (local $l0 f32) (local $l1 f32) (local $l2 f32) (local $l3 f32)
    (local.set $l0 (call $label (local.get $scratch) (local.get $i) (i32.const 0) (local.get $positives)
      (local.get $logMultiplicity) (local.get $removeHits)))
    (local.set $l1 (call $label (local.get $scratch) (i32.add (local.get $i) (i32.const 1)) (i32.const 1)
      (local.get $positives) (local.get $logMultiplicity) (local.get $removeHits)))
    (local.set $l2 (call $label (local.get $scratch) (i32.add (local.get $i) (i32.const 2)) (i32.const 2)
      (local.get $positives) (local.get $logMultiplicity) (local.get $removeHits)))
    (local.set $l3 (call $label (local.get $scratch) (i32.add (local.get $i) (i32.const 3)) (i32.const 3)
      (local.get $positives) (local.get $logMultiplicity) (local.get $removeHits)))

    ;; Softmax numerators (hit removal only lowers logits, so maxv still bounds them).
    (local.set $end (i32.add (local.get $scratch) (i32.shl (local.get $numCandidates) (i32.const 4))))
    (local.set $sumv (v128.const f32x4 0 0 0 0))
    (local.set $at (local.get $scratch))
    ;; exp on four lanes, after Cephes expf: x = n ln2 + r, exp(r) by a degree-6 polynomial,
    ;; 2^n built in the exponent bits. Inputs are clamped to [-87.3, 88.7] (float32 range),
    ;; so a very negative input gives about 1e-38 instead of 0; relative error about 2e-7.
    ;; Written inline with its constants in locals: V8 does not inline wasm calls here and
    ;; rebuilds a splatted constant at every use, which cost a third of the loop's time.
    (local.set $hi (f32x4.splat (f32.const 88.7)))
    (local.set $lo (f32x4.splat (f32.const -87.3)))
    (local.set $log2e (f32x4.splat (f32.const 1.44269504088896341)))
    (local.set $magic (f32x4.splat (f32.const 12582912)))
    (local.set $ln2hi (f32x4.splat (f32.const 0.693359375)))
    (local.set $ln2lo (f32x4.splat (f32.const -2.12194440e-4)))
    (local.set $p0 (f32x4.splat (f32.const 1.9875691500e-4)))
    (local.set $p1 (f32x4.splat (f32.const 1.3981999507e-3)))
    (local.set $p2 (f32x4.splat (f32.const 8.3334519073e-3)))
    (local.set $p3 (f32x4.splat (f32.const 4.1665795894e-2)))
    (local.set $p4 (f32x4.splat (f32.const 1.6666665459e-1)))
    (local.set $p5 (f32x4.splat (f32.const 5.0000001201e-1)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (local.set $bias (i32x4.splat (i32.const -1262485377)))
    (loop $exps
      (local.set $x (f32x4.sub (v128.load (local.get $at)) (local.get $maxv)))
      ;; pmin and pmax are one instruction each and keep a NaN input, since the first
      ;; operand is returned when the comparison fails.
      (local.set $x (f32x4.pmax (f32x4.pmin (local.get $x) (local.get $hi)) (local.get $lo)))
      ;; t = x log2(e) + 1.5 * 2^23 rounds x log2(e) to the nearest integer n, held in t's
      ;; low mantissa bits (|n| <= 128), with no float-to-int conversion.
      (local.set $t (f32x4.add (f32x4.mul (local.get $x) (local.get $log2e)) (local.get $magic)))
      (local.set $n (f32x4.sub (local.get $t) (local.get $magic)))
      (local.set $r (f32x4.sub
        (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (local.get $ln2hi)))
        (f32x4.mul (local.get $n) (local.get $ln2lo))))
      (local.set $y (f32x4.madd (local.get $p0) (local.get $r) (local.get $p1)))
      (local.set $y (f32x4.madd (local.get $y) (local.get $r) (local.get $p2)))
      (local.set $y (f32x4.madd (local.get $y) (local.get $r) (local.get $p3)))
      (local.set $y (f32x4.madd (local.get $y) (local.get $r) (local.get $p4)))
      (local.set $y (f32x4.madd (local.get $y) (local.get $r) (local.get $p5)))
      (local.set $y (f32x4.add
        (f32x4.add (f32x4.mul (f32x4.mul (local.get $y) (local.get $r)) (local.get $r)) (local.get $r))
        (local.get $one)))
      ;; 2^n: t's bits are 0x4B400000 + n, so (bits + 127 - 0x4B400000) << 23 is the float 2^n.
      (local.set $e (f32x4.mul (local.get $y)
        (i32x4.shl (i32x4.add (local.get $t) (local.get $bias)) (i32.const 23))))
      (v128.store (local.get $at) (local.get $e))
      (local.set $sumv (f32x4.add (local.get $sumv) (local.get $e)))
      (br_if $exps (i32.lt_u (local.tee $at (i32.add (local.get $at) (i32.const 16))) (local.get $end))))

    (local.set $at (i32.add (local.get $stats) (i32.mul (local.get $i) (i32.const 12))))
    (f32.store offset=0 (local.get $at) (f32x4.extract_lane 0 (local.get $maxv)))
    (f32.store offset=4 (local.get $at) (f32x4.extract_lane 0 (local.get $sumv)))
    (f32.store offset=8 (local.get $at) (local.get $l0))
    (f32.store offset=12 (local.get $at) (f32x4.extract_lane 1 (local.get $maxv)))
    (f32.store offset=16 (local.get $at) (f32x4.extract_lane 1 (local.get $sumv)))
    (f32.store offset=20 (local.get $at) (local.get $l1))
    (f32.store offset=24 (local.get $at) (f32x4.extract_lane 2 (local.get $maxv)))
    (f32.store offset=28 (local.get $at) (f32x4.extract_lane 2 (local.get $sumv)))
    (f32.store offset=32 (local.get $at) (local.get $l2))
    (f32.store offset=36 (local.get $at) (f32x4.extract_lane 3 (local.get $maxv)))
    (f32.store offset=40 (local.get $at) (f32x4.extract_lane 3 (local.get $sumv)))
    (f32.store offset=44 (local.get $at) (local.get $l3))

    ;; g_u = (e_u - total [u = pos]) * k, with k = rowScale * invT / total per lane.
    (call $subtractLabel (local.get $scratch) (local.get $i) (i32.const 0) (local.get $positives)
      (f32x4.extract_lane 0 (local.get $sumv)))
    (call $subtractLabel (local.get $scratch) (i32.add (local.get $i) (i32.const 1)) (i32.const 1)
      (local.get $positives) (f32x4.extract_lane 1 (local.get $sumv)))
    (call $subtractLabel (local.get $scratch) (i32.add (local.get $i) (i32.const 2)) (i32.const 2)
      (local.get $positives) (f32x4.extract_lane 2 (local.get $sumv)))
    (call $subtractLabel (local.get $scratch) (i32.add (local.get $i) (i32.const 3)) (i32.const 3)
      (local.get $positives) (f32x4.extract_lane 3 (local.get $sumv)))
    (local.set $kv (f32x4.div
      (f32x4.mul (v128.load (i32.add (local.get $rowScale) (i32.shl (local.get $i) (i32.const 2))))
                 (f32x4.splat (local.get $invT)))
      (local.get $sumv)))
    (local.set $at (local.get $scratch))
    (loop $scale
      (v128.store (local.get $at) (f32x4.mul (v128.load (local.get $at)) (local.get $kv)))
      (br_if $scale (i32.lt_u (local.tee $at (i32.add (local.get $at) (i32.const 16))) (local.get $end)))))

  ;; dq_r = sum_u g_ru c_u for rows dq0 .. dq0 + 3 (overwritten). Eight columns at a time,
  ;; so the 4 x 8 partial sums stay in registers across the whole candidate loop.
  (func $queryGradient4
    (param $dq0 i32) (param $c i32) (param $scratch i32) (param $numCandidates i32) (param $rowBytes i32)
    (local $v i32) (local $cu i32) (local $gu i32) (local $end i32)
    (local $c0 v128) (local $c1 v128) (local $g v128)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128)
    (local $a2 v128) (local $b2 v128) (local $a3 v128) (local $b3 v128)
    (local.set $end (i32.add (local.get $scratch) (i32.shl (local.get $numCandidates) (i32.const 4))))
    (loop $columns
      (local.set $a0 (v128.const f32x4 0 0 0 0)) (local.set $b0 (v128.const f32x4 0 0 0 0))
      (local.set $a1 (v128.const f32x4 0 0 0 0)) (local.set $b1 (v128.const f32x4 0 0 0 0))
      (local.set $a2 (v128.const f32x4 0 0 0 0)) (local.set $b2 (v128.const f32x4 0 0 0 0))
      (local.set $a3 (v128.const f32x4 0 0 0 0)) (local.set $b3 (v128.const f32x4 0 0 0 0))
      (local.set $cu (i32.add (local.get $c) (local.get $v)))
      (local.set $gu (local.get $scratch))
      (loop $candidates
        (local.set $c0 (v128.load offset=0 (local.get $cu)))
        (local.set $c1 (v128.load offset=16 (local.get $cu)))
        (local.set $g (v128.load32_splat offset=0 (local.get $gu)))
        (local.set $a0 (f32x4.madd (local.get $g) (local.get $c0) (local.get $a0)))
        (local.set $b0 (f32x4.madd (local.get $g) (local.get $c1) (local.get $b0)))
        (local.set $g (v128.load32_splat offset=4 (local.get $gu)))
        (local.set $a1 (f32x4.madd (local.get $g) (local.get $c0) (local.get $a1)))
        (local.set $b1 (f32x4.madd (local.get $g) (local.get $c1) (local.get $b1)))
        (local.set $g (v128.load32_splat offset=8 (local.get $gu)))
        (local.set $a2 (f32x4.madd (local.get $g) (local.get $c0) (local.get $a2)))
        (local.set $b2 (f32x4.madd (local.get $g) (local.get $c1) (local.get $b2)))
        (local.set $g (v128.load32_splat offset=12 (local.get $gu)))
        (local.set $a3 (f32x4.madd (local.get $g) (local.get $c0) (local.get $a3)))
        (local.set $b3 (f32x4.madd (local.get $g) (local.get $c1) (local.get $b3)))
        (local.set $cu (i32.add (local.get $cu) (local.get $rowBytes)))
        (br_if $candidates (i32.lt_u (local.tee $gu (i32.add (local.get $gu) (i32.const 16))) (local.get $end))))
      (local.set $cu (i32.add (local.get $dq0) (local.get $v)))
      (v128.store offset=0 (local.get $cu) (local.get $a0))
      (v128.store offset=16 (local.get $cu) (local.get $b0))
      (local.set $cu (i32.add (local.get $cu) (local.get $rowBytes)))
      (v128.store offset=0 (local.get $cu) (local.get $a1))
      (v128.store offset=16 (local.get $cu) (local.get $b1))
      (local.set $cu (i32.add (local.get $cu) (local.get $rowBytes)))
      (v128.store offset=0 (local.get $cu) (local.get $a2))
      (v128.store offset=16 (local.get $cu) (local.get $b2))
      (local.set $cu (i32.add (local.get $cu) (local.get $rowBytes)))
      (v128.store offset=0 (local.get $cu) (local.get $a3))
      (v128.store offset=16 (local.get $cu) (local.get $b3))
      (br_if $columns (i32.lt_u (local.tee $v (i32.add (local.get $v) (i32.const 32))) (local.get $rowBytes)))))

  ;; dc_u += sum_r g_ru q_r for rows q0 .. q0 + 3 (accumulated across blocks). Eight columns
  ;; at a time: the four rows' 8 columns stay in registers while the loop runs over every
  ;; candidate, so each candidate costs two loads and two stores of dc per 32 multiply-adds.
  (func $candidateGradient4
    (param $q0 i32) (param $dc i32) (param $scratch i32) (param $numCandidates i32) (param $rowBytes i32)
    (local $v i32) (local $dcu i32) (local $gu i32) (local $end i32)
    (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $qa0 v128) (local $qb0 v128) (local $qa1 v128) (local $qb1 v128)
    (local $qa2 v128) (local $qb2 v128) (local $qa3 v128) (local $qb3 v128)
    (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128)
    (local.set $q1 (i32.add (local.get $q0) (local.get $rowBytes)))
    (local.set $q2 (i32.add (local.get $q1) (local.get $rowBytes)))
    (local.set $q3 (i32.add (local.get $q2) (local.get $rowBytes)))
    (local.set $end (i32.add (local.get $scratch) (i32.shl (local.get $numCandidates) (i32.const 4))))
    (loop $columns
      (local.set $qa0 (v128.load offset=0 (i32.add (local.get $q0) (local.get $v))))
      (local.set $qb0 (v128.load offset=16 (i32.add (local.get $q0) (local.get $v))))
      (local.set $qa1 (v128.load offset=0 (i32.add (local.get $q1) (local.get $v))))
      (local.set $qb1 (v128.load offset=16 (i32.add (local.get $q1) (local.get $v))))
      (local.set $qa2 (v128.load offset=0 (i32.add (local.get $q2) (local.get $v))))
      (local.set $qb2 (v128.load offset=16 (i32.add (local.get $q2) (local.get $v))))
      (local.set $qa3 (v128.load offset=0 (i32.add (local.get $q3) (local.get $v))))
      (local.set $qb3 (v128.load offset=16 (i32.add (local.get $q3) (local.get $v))))
      (local.set $dcu (i32.add (local.get $dc) (local.get $v)))
      (local.set $gu (local.get $scratch))
      (loop $candidates
        (local.set $g0 (v128.load32_splat offset=0 (local.get $gu)))
        (local.set $g1 (v128.load32_splat offset=4 (local.get $gu)))
        (local.set $g2 (v128.load32_splat offset=8 (local.get $gu)))
        (local.set $g3 (v128.load32_splat offset=12 (local.get $gu)))
        (v128.store offset=0 (local.get $dcu)
          (f32x4.madd (local.get $g3) (local.get $qa3) (f32x4.madd (local.get $g2) (local.get $qa2)
            (f32x4.madd (local.get $g1) (local.get $qa1) (f32x4.madd (local.get $g0) (local.get $qa0)
              (v128.load offset=0 (local.get $dcu)))))))
        (v128.store offset=16 (local.get $dcu)
          (f32x4.madd (local.get $g3) (local.get $qb3) (f32x4.madd (local.get $g2) (local.get $qb2)
            (f32x4.madd (local.get $g1) (local.get $qb1) (f32x4.madd (local.get $g0) (local.get $qb0)
              (v128.load offset=16 (local.get $dcu)))))))
        (local.set $dcu (i32.add (local.get $dcu) (local.get $rowBytes)))
        (br_if $candidates (i32.lt_u (local.tee $gu (i32.add (local.get $gu) (i32.const 16))) (local.get $end))))
      (br_if $columns (i32.lt_u (local.tee $v (i32.add (local.get $v) (i32.const 32))) (local.get $rowBytes)))))

  ;; dOffset_ru = g_ru * temperature for rows d0 .. d0 + 3 (overwritten), scattering the
  ;; interleaved gradient factors back to row-major order.
  (func $offsetGradient4
    (param $d0 i32) (param $scratch i32) (param $numCandidates i32) (param $temperature f32)
    (local $u i32) (local $at i32) (local $g v128) (local $rowBytes i32) (local $temperaturev v128)
    (local.set $rowBytes (i32.shl (local.get $numCandidates) (i32.const 2)))
    (local.set $temperaturev (f32x4.splat (local.get $temperature)))
    (loop $candidates
      (local.set $g (f32x4.mul (v128.load (i32.add (local.get $scratch) (i32.shl (local.get $u) (i32.const 4))))
                               (local.get $temperaturev)))
      (local.set $at (i32.add (local.get $d0) (i32.shl (local.get $u) (i32.const 2))))
      (f32.store (local.get $at) (f32x4.extract_lane 0 (local.get $g)))
      (local.set $at (i32.add (local.get $at) (local.get $rowBytes)))
      (f32.store (local.get $at) (f32x4.extract_lane 1 (local.get $g)))
      (local.set $at (i32.add (local.get $at) (local.get $rowBytes)))
      (f32.store (local.get $at) (f32x4.extract_lane 2 (local.get $g)))
      (local.set $at (i32.add (local.get $at) (local.get $rowBytes)))
      (f32.store (local.get $at) (f32x4.extract_lane 3 (local.get $g)))
      (br_if $candidates (i32.lt_u (local.tee $u (i32.add (local.get $u) (i32.const 1))) (local.get $numCandidates)))))

  (func (export "softmaxRows")
    (param $q i32) (param $c i32) (param $panels i32) (param $bias i32) (param $logMultiplicity i32)
    (param $positives i32) (param $rowScale i32) (param $dq i32) (param $dc i32)
    (param $scratch i32) (param $stats i32)
    (param $i0 i32) (param $i1 i32) (param $numCandidates i32) (param $dim i32)
    (param $invT f32) (param $removeHits i32)
    (param $offsets i32) (param $dOffsets i32) (param $temperature f32)
    (local $i i32) (local $rowBytes i32) (local $offset i32) (local $cellOffset i32)
    (local.set $rowBytes (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $i (local.get $i0))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $i1)))
        (local.set $offset (i32.mul (local.get $i) (local.get $rowBytes)))
        ;; Byte offset of row i in the [rows x U] offset matrices.
        (local.set $cellOffset (i32.shl (i32.mul (local.get $i) (local.get $numCandidates)) (i32.const 2)))
        (call $softmax4 (local.get $scratch) (local.get $i)
          (call $logits4 (i32.add (local.get $q) (local.get $offset)) (local.get $panels) (local.get $bias)
            (local.get $scratch) (local.get $numCandidates) (local.get $rowBytes) (local.get $invT)
            (select (i32.add (local.get $offsets) (local.get $cellOffset)) (i32.const 0) (local.get $offsets)))
          (local.get $logMultiplicity) (local.get $positives) (local.get $rowScale) (local.get $stats)
          (local.get $numCandidates) (local.get $invT) (local.get $removeHits))
        (if (local.get $dOffsets)
          (then (call $offsetGradient4 (i32.add (local.get $dOffsets) (local.get $cellOffset))
            (local.get $scratch) (local.get $numCandidates) (local.get $temperature))))
        (call $queryGradient4 (i32.add (local.get $dq) (local.get $offset))
          (local.get $c) (local.get $scratch) (local.get $numCandidates) (local.get $rowBytes))
        (call $candidateGradient4 (i32.add (local.get $q) (local.get $offset))
          (local.get $dc) (local.get $scratch) (local.get $numCandidates) (local.get $rowBytes))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $blocks)))))
