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
;; Each candidate vector loaded from cache serves four queries, and the four rows'
;; logits are kept interleaved (scratch[4u + r] for row r of the block), so the
;; softmax runs on all four rows in one f32x4 lane each.
;;
;; Layout: every pointer is a byte offset into the imported memory, matrices are
;; row-major float32, d is a multiple of 8, i0 and i1 are multiples of 4 (the caller
;; pads the batch with zero-weight rows), and `scratch` holds 4 x U floats. The
;; optional offsets and dOffsets are row-major [rows x U] (pointer 0 = absent); the
;; caller zeroes the offsets of padding rows.

(module
  ;; Shared, so that worker threads can run disjoint row ranges on the same buffers.
  (import "env" "memory" (memory 1 16384 shared))

  ;; exp on four lanes, Cephes expf: x = n ln2 + r, exp(r) by a degree-6 polynomial,
  ;; 2^n built in the exponent bits. Inputs are clamped to [-87.3, 88.7] (float32 range),
  ;; so a very negative input returns about 1e-38 instead of 0. Relative error about 2e-7.
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $y v128)
    (local.set $x (f32x4.max (f32x4.min (local.get $x) (f32x4.splat (f32.const 88.7)))
                             (f32x4.splat (f32.const -87.3))))
    (local.set $n (f32x4.floor
      (f32x4.add (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.44269504088896341)))
                 (f32x4.splat (f32.const 0.5)))))
    (local.set $r (f32x4.sub
      (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375))))
      (f32x4.mul (local.get $n) (f32x4.splat (f32.const -2.12194440e-4)))))
    (local.set $y (f32x4.splat (f32.const 1.9875691500e-4)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (f32x4.splat (f32.const 1.3981999507e-3))))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (f32x4.splat (f32.const 8.3334519073e-3))))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (f32x4.splat (f32.const 4.1665795894e-2))))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (f32x4.splat (f32.const 1.6666665459e-1))))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (f32x4.splat (f32.const 5.0000001201e-1))))
    (local.set $y (f32x4.add
      (f32x4.add (f32x4.mul (f32x4.mul (local.get $y) (local.get $r)) (local.get $r)) (local.get $r))
      (f32x4.splat (f32.const 1))))
    (f32x4.mul (local.get $y)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127)))
                 (i32.const 23))))

  ;; [sum(a0), sum(a1), sum(a2), sum(a3)]: the horizontal sums of four vectors.
  (func $hsum4 (param $a0 v128) (param $a1 v128) (param $a2 v128) (param $a3 v128) (result v128)
    (local $t0 v128) (local $t1 v128)
    (local.set $t0 (f32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
    (local.set $t1 (f32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3))))
    (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1))))

  ;; Logits of rows q0 .. q0 + 3 against every candidate, interleaved into scratch;
  ;; returns the four rows' maxima. offset0 points at the first row's offsets, or is 0.
  (func $logits4
    (param $q0 i32) (param $c i32) (param $bias i32) (param $scratch i32)
    (param $numCandidates i32) (param $rowBytes i32) (param $invT f32)
    (param $offset0 i32) (result v128)
    (local $u i32) (local $v i32) (local $cu i32) (local $cv v128) (local $s v128) (local $maxv v128)
    (local $offset1 i32) (local $offset2 i32) (local $offset3 i32) (local $at i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $invTv v128)
    (local.set $q1 (i32.add (local.get $q0) (local.get $rowBytes)))
    (local.set $q2 (i32.add (local.get $q1) (local.get $rowBytes)))
    (local.set $q3 (i32.add (local.get $q2) (local.get $rowBytes)))
    (local.set $invTv (f32x4.splat (local.get $invT)))
    (local.set $maxv (f32x4.splat (f32.const -inf)))
    ;; Offset rows of the block: U floats apart.
    (local.set $offset1 (i32.add (local.get $offset0) (i32.shl (local.get $numCandidates) (i32.const 2))))
    (local.set $offset2 (i32.add (local.get $offset1) (i32.shl (local.get $numCandidates) (i32.const 2))))
    (local.set $offset3 (i32.add (local.get $offset2) (i32.shl (local.get $numCandidates) (i32.const 2))))
    (local.set $cu (local.get $c))
    (loop $logits
      (local.set $a0 (v128.const f32x4 0 0 0 0)) (local.set $a1 (v128.const f32x4 0 0 0 0))
      (local.set $a2 (v128.const f32x4 0 0 0 0)) (local.set $a3 (v128.const f32x4 0 0 0 0))
      (local.set $v (i32.const 0))
      (loop $dot
        (local.set $cv (v128.load (i32.add (local.get $cu) (local.get $v))))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (i32.add (local.get $q0) (local.get $v))) (local.get $cv))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load (i32.add (local.get $q1) (local.get $v))) (local.get $cv))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load (i32.add (local.get $q2) (local.get $v))) (local.get $cv))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load (i32.add (local.get $q3) (local.get $v))) (local.get $cv))))
        (br_if $dot (i32.lt_u (local.tee $v (i32.add (local.get $v) (i32.const 16))) (local.get $rowBytes))))
      (local.set $s (f32x4.add
        (f32x4.mul (call $hsum4 (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3)) (local.get $invTv))
        (v128.load32_splat (i32.add (local.get $bias) (i32.shl (local.get $u) (i32.const 2))))))
      (if (local.get $offset0)
        (then
          ;; Gathers the four rows' offsets of column u into one vector.
          (local.set $at (i32.shl (local.get $u) (i32.const 2)))
          (local.set $s (f32x4.add (local.get $s)
            (f32x4.replace_lane 3
              (f32x4.replace_lane 2
                (f32x4.replace_lane 1
                  (v128.load32_splat (i32.add (local.get $offset0) (local.get $at)))
                  (f32.load (i32.add (local.get $offset1) (local.get $at))))
                (f32.load (i32.add (local.get $offset2) (local.get $at))))
              (f32.load (i32.add (local.get $offset3) (local.get $at))))))))
      (v128.store (i32.add (local.get $scratch) (i32.shl (local.get $u) (i32.const 4))) (local.get $s))
      (local.set $maxv (f32x4.max (local.get $maxv) (local.get $s)))
      (local.set $cu (i32.add (local.get $cu) (local.get $rowBytes)))
      (br_if $logits (i32.lt_u (local.tee $u (i32.add (local.get $u) (i32.const 1))) (local.get $numCandidates))))
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
    (loop $exps
      (local.set $e (call $exp4 (f32x4.sub (v128.load (local.get $at)) (local.get $maxv))))
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
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $g) (local.get $c0))))
        (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $g) (local.get $c1))))
        (local.set $g (v128.load32_splat offset=4 (local.get $gu)))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $g) (local.get $c0))))
        (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $g) (local.get $c1))))
        (local.set $g (v128.load32_splat offset=8 (local.get $gu)))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $g) (local.get $c0))))
        (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $g) (local.get $c1))))
        (local.set $g (v128.load32_splat offset=12 (local.get $gu)))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $g) (local.get $c0))))
        (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $g) (local.get $c1))))
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

  ;; dc_u += sum_r g_ru q_r for rows q0 .. q0 + 3 (accumulated across blocks).
  (func $candidateGradient4
    (param $q0 i32) (param $dc i32) (param $scratch i32) (param $numCandidates i32) (param $rowBytes i32)
    (local $u i32) (local $v i32) (local $dcu i32) (local $gu i32)
    (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128)
    (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local.set $q1 (i32.add (local.get $q0) (local.get $rowBytes)))
    (local.set $q2 (i32.add (local.get $q1) (local.get $rowBytes)))
    (local.set $q3 (i32.add (local.get $q2) (local.get $rowBytes)))
    (local.set $dcu (local.get $dc))
    (local.set $gu (local.get $scratch))
    (loop $candidates
      (local.set $g0 (v128.load32_splat offset=0 (local.get $gu)))
      (local.set $g1 (v128.load32_splat offset=4 (local.get $gu)))
      (local.set $g2 (v128.load32_splat offset=8 (local.get $gu)))
      (local.set $g3 (v128.load32_splat offset=12 (local.get $gu)))
      (local.set $v (i32.const 0))
      (loop $axpy
        (v128.store (i32.add (local.get $dcu) (local.get $v))
          (f32x4.add (v128.load (i32.add (local.get $dcu) (local.get $v)))
            (f32x4.add
              (f32x4.add (f32x4.mul (local.get $g0) (v128.load (i32.add (local.get $q0) (local.get $v))))
                         (f32x4.mul (local.get $g1) (v128.load (i32.add (local.get $q1) (local.get $v)))))
              (f32x4.add (f32x4.mul (local.get $g2) (v128.load (i32.add (local.get $q2) (local.get $v))))
                         (f32x4.mul (local.get $g3) (v128.load (i32.add (local.get $q3) (local.get $v))))))))
        (br_if $axpy (i32.lt_u (local.tee $v (i32.add (local.get $v) (i32.const 16))) (local.get $rowBytes))))
      (local.set $dcu (i32.add (local.get $dcu) (local.get $rowBytes)))
      (local.set $gu (i32.add (local.get $gu) (i32.const 16)))
      (br_if $candidates (i32.lt_u (local.tee $u (i32.add (local.get $u) (i32.const 1))) (local.get $numCandidates)))))

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
    (param $q i32) (param $c i32) (param $bias i32) (param $logMultiplicity i32)
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
          (call $logits4 (i32.add (local.get $q) (local.get $offset)) (local.get $c) (local.get $bias)
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
