// AssemblyScript source of the suite's SIMD wasm kernels (not Deno code: `deno task build:wasm`
// compiles it to `lib/kernels/wasm/kernels_simd.wasm` and `kernels_relaxed.wasm`).
//
// The module imports tfjs-backend-wasm's memory: every pointer is a byte offset into that heap, so
// the kernels read the backend's tensors where they lie and write their outputs in place. The
// module has no data, no allocator and no stack; scratch space is handed in by the caller.
//
// Matrices are float32. A GEMM operand is given by a pointer and two element strides, so one
// routine serves every transpose: element (i, k) of `a` lies at `a + 4·(i·sai + k·sak)`.
//
// The file is formatted and linted with the Deno code, and `deno fmt` drops decorators on
// functions, so it has no `@inline`: Binaryen's -O3 inlines the small helpers by itself.

/**
 * Register tile: MR rows × NR columns of C, in MR·NR/4 = 12 v128 accumulators, plus two B vectors
 * and one broadcast A value: 15 of x64's 16 vector registers (4×8 reached ~19.5 GFLOP/s at the CNN's
 * filter-gradient shape, 6×8 ~26.8, same minute).
 */
const MR: i32 = 6;
const NR: i32 = 8;
/**
 * Rows of the inner dimension packed per pass (the packed B panels stay in L2). 320 rather than 256
 * takes the CNN's conv2 windows (288) in one pass: its forward convolution measured 35 → 25 ms.
 */
const KC: i32 = 320;

/** `a·b + c` per lane: fused where the build has relaxed SIMD, else a multiply and an add. */
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Whether this build fuses multiply-adds (1) or not (0). */
export function relaxed(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}

/** Rounds of the inner dimension per {@link tile} call in {@link peak}. */
const PEAK_KC: i32 = 32;

/**
 * Bytes of operands {@link peak} needs: a packed A panel and B panel of {@link PEAK_KC} rounds and
 * the 6×8 tile of C.
 */
export function peakBufferBytes(): i32 {
  return 4 * (PEAK_KC * MR + PEAK_KC * NR + MR * NR);
}

/**
 * Peak throughput: the GEMM's own register tile ({@link tile}) on packed panels that stay in L1
 * (`buffer`, {@link peakBufferBytes} bytes the caller owns and fills with A and B), `iterations` rounds of six
 * broadcast A values, two B vectors and 12 independent vector multiply-adds (8 FLOP each). What a
 * GEMM reaches of this is what packing, edges and memory cost it. (A loop of `c += a·b` with
 * loop-invariant `a` and `b` was measured before: Binaryen computed the product once per round, so
 * the plain build's figure was an add-only loop's.) Returns a lane of C so that nothing is
 * optimised away.
 */
export function peak(iterations: i32, buffer: usize): f32 {
  const bp = buffer + <usize> (4 * PEAK_KC * MR);
  const c = bp + <usize> (4 * PEAK_KC * NR);
  zeroFloats(c, MR * NR); // each call starts from C = 0: the figure does not depend on earlier calls
  for (let i = 0; i < iterations; i += PEAK_KC) tile(buffer, bp, PEAK_KC, c, NR, 0);
  return f32.load(c);
}

/** Bytes of scratch {@link gemm} and {@link conv2dFilterGrad} need for `n` columns and `m` rows. */
export function gemmScratchBytes(m: i32, n: i32): i32 {
  const panelsB = (n + NR - 1) / NR;
  // Packed A panel, packed B panels, an edge tile, and an im2col chunk of KC rows × m.
  return 4 * (KC * MR + KC * NR * panelsB + MR * NR + KC * m) + 64;
}

/** Pack rows `i0..i0+MR` of A over `k0..k0+kc` as `[kc, MR]`, zero past row `m`. */
function packA(
  ap: usize,
  m: i32,
  kc: i32,
  a: usize,
  sai: i32,
  sak: i32,
  i0: i32,
  k0: i32,
): void {
  if (sai == 1 && i0 + MR <= m) {
    let src = a + (<usize> (i0 + k0 * sak) << 2);
    const step = <usize> sak << 2;
    for (let kk = 0; kk < kc; kk++) {
      const dst = ap + (<usize> (kk * MR) << 2);
      v128.store(dst, v128.load(src));
      v128.store64_lane(dst, v128.load64_zero(src, 16), 0, 16);
      src += step;
    }
    return;
  }
  let from = 0;
  if (sak == 1 && i0 + MR <= m) {
    // Rows contiguous in k (A stored [m, k]): 4×4 blocks transposed in registers.
    const r0 = a + (<usize> (i0 * sai + k0) << 2);
    const r1 = r0 + (<usize> sai << 2);
    const r2 = r1 + (<usize> sai << 2);
    const r3 = r2 + (<usize> sai << 2);
    const r4 = r3 + (<usize> sai << 2);
    const r5 = r4 + (<usize> sai << 2);
    for (; from + 4 <= kc; from += 4) {
      const at = <usize> from << 2;
      const x0 = v128.load(r0 + at);
      const x1 = v128.load(r1 + at);
      const x2 = v128.load(r2 + at);
      const x3 = v128.load(r3 + at);
      const lo01 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
      const lo23 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
      const hi01 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
      const hi23 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
      const dst = ap + (<usize> (from * MR) << 2);
      const x4 = v128.load(r4 + at);
      const x5 = v128.load(r5 + at);
      const pair0 = v128.shuffle<f32>(x4, x5, 0, 4, 1, 5); // (x4[0], x5[0], x4[1], x5[1])
      const pair1 = v128.shuffle<f32>(x4, x5, 2, 6, 3, 7);
      v128.store(dst, v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5));
      v128.store64_lane(dst, pair0, 0, 16);
      v128.store(dst, v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7), 24);
      v128.store64_lane(dst, pair0, 1, 40);
      v128.store(dst, v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5), 48);
      v128.store64_lane(dst, pair1, 0, 64);
      v128.store(dst, v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7), 72);
      v128.store64_lane(dst, pair1, 1, 88);
    }
  }
  for (let kk = from; kk < kc; kk++) {
    for (let i = 0; i < MR; i++) {
      const row = i0 + i;
      const v: f32 = row < m ? load<f32>(a + (<usize> (row * sai + (k0 + kk) * sak) << 2)) : 0;
      store<f32>(ap + (<usize> (kk * MR + i) << 2), v);
    }
  }
}

/** Pack columns `j0..j0+NR` of B over `k0..k0+kc` as `[kc, NR]`, zero past column `n`. */
function packB(
  bp: usize,
  n: i32,
  kc: i32,
  b: usize,
  sbk: i32,
  sbn: i32,
  j0: i32,
  k0: i32,
): void {
  if (sbn == 1 && j0 + NR <= n) {
    let src = b + (<usize> (k0 * sbk + j0) << 2);
    const step = <usize> sbk << 2;
    for (let kk = 0; kk < kc; kk++) {
      const dst = bp + (<usize> (kk * NR) << 2);
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      src += step;
    }
    return;
  }
  if (sbk == 1) {
    // Columns contiguous in k (B stored transposed, [n, k]): read each column in order.
    for (let j = 0; j < NR; j++) {
      const col = j0 + j;
      const dst = bp + (<usize> j << 2);
      if (col >= n) {
        for (let kk = 0; kk < kc; kk++) store<f32>(dst + (<usize> (kk * NR) << 2), 0);
        continue;
      }
      const src = b + (<usize> (k0 + col * sbn) << 2);
      for (let kk = 0; kk < kc; kk++) {
        store<f32>(dst + (<usize> (kk * NR) << 2), load<f32>(src + (<usize> kk << 2)));
      }
    }
    return;
  }
  for (let kk = 0; kk < kc; kk++) {
    for (let j = 0; j < NR; j++) {
      const col = j0 + j;
      const v: f32 = col < n ? load<f32>(b + (<usize> ((k0 + kk) * sbk + col * sbn) << 2)) : 0;
      store<f32>(bp + (<usize> (kk * NR + j) << 2), v);
    }
  }
}

/**
 * C tile `[MR, NR]` at `c` (row stride `ldc` elements) += packed A panel · packed B panel, or =
 * when `fresh` is 1: then C is neither read nor needs zeroing first (the same bits: the sums
 * start from +0 either way).
 */
function tile(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, fresh: i32): void {
  const row = <usize> ldc << 2;
  const c1p = c + row;
  const c2p = c1p + row;
  const c3p = c2p + row;
  const c4p = c3p + row;
  const c5p = c4p + row;
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  let c40 = c00;
  let c41 = c00;
  let c50 = c00;
  let c51 = c00;
  if (!fresh) {
    c00 = v128.load(c);
    c01 = v128.load(c, 16);
    c10 = v128.load(c1p);
    c11 = v128.load(c1p, 16);
    c20 = v128.load(c2p);
    c21 = v128.load(c2p, 16);
    c30 = v128.load(c3p);
    c31 = v128.load(c3p, 16);
    c40 = v128.load(c4p);
    c41 = v128.load(c4p, 16);
    c50 = v128.load(c5p);
    c51 = v128.load(c5p, 16);
  }
  for (let kk = 0; kk < kc; kk++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load_splat<f32>(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load_splat<f32>(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load_splat<f32>(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load_splat<f32>(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    a = v128.load_splat<f32>(ap, 16);
    c40 = madd(a, b0, c40);
    c41 = madd(a, b1, c41);
    a = v128.load_splat<f32>(ap, 20);
    c50 = madd(a, b0, c50);
    c51 = madd(a, b1, c51);
    ap += MR << 2;
    bp += NR << 2;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c1p, c10);
  v128.store(c1p, c11, 16);
  v128.store(c2p, c20);
  v128.store(c2p, c21, 16);
  v128.store(c3p, c30);
  v128.store(c3p, c31, 16);
  v128.store(c4p, c40);
  v128.store(c4p, c41, 16);
  v128.store(c5p, c50);
  v128.store(c5p, c51, 16);
}

/**
 * One pass of the inner dimension: C `[m, n]` += A(:, k0..k0+kc) · B(k0..k0+kc, :) (= when
 * `fresh` is 1), packing both operands first. Edge tiles go through a `[MR, NR]` buffer.
 */
function gemmPass(
  m: i32,
  n: i32,
  kc: i32,
  k0: i32,
  a: usize,
  sai: i32,
  sak: i32,
  b: usize,
  sbk: i32,
  sbn: i32,
  c: usize,
  ldc: i32,
  fresh: i32,
  scratch: usize,
): void {
  const panelsB = (n + NR - 1) / NR;
  const ap = scratch;
  const bp = ap + (<usize> (KC * MR) << 2);
  const edge = bp + (<usize> (KC * NR * panelsB) << 2);
  for (let p = 0; p < panelsB; p++) {
    packB(bp + (<usize> (p * kc * NR) << 2), n, kc, b, sbk, sbn, p * NR, k0);
  }
  gemmPassPacked(m, n, kc, k0, a, sai, sak, bp, c, ldc, fresh, ap, edge);
}

/**
 * {@link gemmPass} with B's panels of this pass already packed at `bp` (panel p at `p·kc·NR`
 * floats), A packed into `ap` (`KC·MR` floats), edge tiles through `edge` (`MR·NR` floats); C
 * overwritten when `fresh` is 1.
 */
function gemmPassPacked(
  m: i32,
  n: i32,
  kc: i32,
  k0: i32,
  a: usize,
  sai: i32,
  sak: i32,
  bp: usize,
  c: usize,
  ldc: i32,
  fresh: i32,
  ap: usize,
  edge: usize,
): void {
  const panelsB = (n + NR - 1) / NR;
  for (let i0 = 0; i0 < m; i0 += MR) {
    packA(ap, m, kc, a, sai, sak, i0, k0);
    const rows = min(MR, m - i0);
    for (let p = 0; p < panelsB; p++) {
      const j0 = p * NR;
      const cols = min(NR, n - j0);
      const panel = bp + (<usize> (p * kc * NR) << 2);
      const ct = c + (<usize> (i0 * ldc + j0) << 2);
      if (rows == MR && cols == NR) {
        tile(ap, panel, kc, ct, ldc, fresh);
        continue;
      }
      tile(ap, panel, kc, edge, NR, 1);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const at = ct + (<usize> (i * ldc + j) << 2);
          const value = load<f32>(edge + (<usize> (i * NR + j) << 2));
          // + 0 as the zeroed C gave: −0 becomes +0, so the bits match the accumulating path.
          store<f32>(at, (fresh ? <f32> 0 : load<f32>(at)) + value);
        }
      }
    }
  }
}

/** Floats of a `[k, n]` B operand packed for every pass by {@link packAllB}. */
function packedBFloats(n: i32, k: i32): i32 {
  return ((n + NR - 1) / NR) * NR * k;
}

/**
 * Pack all of B `[k, n]` (strides as in {@link gemm}) once, for products that reuse it: the pass
 * at `k0` starts `k0·NR·panels` floats into `dst`, laid out as {@link gemmPassPacked} reads it.
 */
function packAllB(dst: usize, n: i32, k: i32, b: usize, sbk: i32, sbn: i32): void {
  const panelsB = (n + NR - 1) / NR;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    const pass = dst + (<usize> (k0 * NR * panelsB) << 2);
    for (let p = 0; p < panelsB; p++) {
      packB(pass + (<usize> (p * kc * NR) << 2), n, kc, b, sbk, sbn, p * NR, k0);
    }
  }
}

/**
 * C `[m, n]` = A · B (+= when `accumulate` is 1) with B packed by {@link packAllB}. `scratch`
 * holds `4·(KC·MR + MR·NR)` bytes for A's panel and the edge tile.
 */
function gemmPackedB(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  sai: i32,
  sak: i32,
  packed: usize,
  c: usize,
  ldc: i32,
  accumulate: i32,
  scratch: usize,
): void {
  if (!accumulate && k == 0) {
    for (let i = 0; i < m; i++) zeroFloats(c + (<usize> (i * ldc) << 2), n);
  }
  const panelsB = (n + NR - 1) / NR;
  const edge = scratch + (<usize> (KC * MR) << 2);
  for (let k0 = 0; k0 < k; k0 += KC) {
    const bp = packed + (<usize> (k0 * NR * panelsB) << 2);
    const fresh = k0 == 0 && !accumulate ? 1 : 0; // the first pass writes C: no zeroing first
    gemmPassPacked(m, n, min(KC, k - k0), k0, a, sai, sak, bp, c, ldc, fresh, scratch, edge);
  }
}

/**
 * C `[m, n]` (row stride `ldc`) = A · B, or += when `accumulate` is 1. Element (i, k) of A is at
 * `a + 4·(i·sai + k·sak)`, element (k, j) of B at `b + 4·(k·sbk + j·sbn)`. `scratch` holds
 * {@link gemmScratchBytes}`(0, n)` bytes, 16-byte aligned.
 */
export function gemm(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  sai: i32,
  sak: i32,
  b: usize,
  sbk: i32,
  sbn: i32,
  c: usize,
  ldc: i32,
  accumulate: i32,
  scratch: usize,
): void {
  if (!accumulate && k == 0) {
    for (let i = 0; i < m; i++) zeroFloats(c + (<usize> (i * ldc) << 2), n);
  }
  for (let k0 = 0; k0 < k; k0 += KC) {
    const fresh = k0 == 0 && !accumulate ? 1 : 0; // the first pass writes C: no zeroing first
    gemmPass(m, n, min(KC, k - k0), k0, a, sai, sak, b, sbk, sbn, c, ldc, fresh, scratch);
  }
}

/**
 * `Conv2DBackpropFilter`, NHWC: `dw[fh, fw, cin, cout] = Σ_{b, oy, ox} x[b, oy·sh + ky − top,
 * ox·sw + kx − left, ci] · dy[b, oy, ox, co]`, as the GEMM `colsᵀ · dy` over the output positions,
 * with the im2col matrix `cols` `[positions, fh·fw·cin]` built KC rows at a time. `scratch` holds
 * {@link gemmScratchBytes}`(fh·fw·cin, cout)` bytes.
 */
export function conv2dFilterGrad(
  x: usize,
  dy: usize,
  dw: usize,
  batch: i32,
  h: i32,
  w: i32,
  cin: i32,
  oh: i32,
  ow: i32,
  cout: i32,
  fh: i32,
  fw: i32,
  sh: i32,
  sw: i32,
  top: i32,
  left: i32,
  scratch: usize,
): void {
  const m = fh * fw * cin;
  const positions = batch * oh * ow;
  const panelsB = (cout + NR - 1) / NR;
  const cols = scratch + (<usize> (KC * MR + KC * NR * panelsB + MR * NR) << 2);
  const packScratch = scratch;
  for (let i = 0; i < m; i++) memory.fill(dw + (<usize> (i * cout) << 2), 0, cout << 2);
  const small = m <= SMALL_WINDOW && cout % 16 == 0;
  for (let k0 = 0; k0 < positions; k0 += KC) {
    const kc = min(KC, positions - k0);
    im2col(x, cols, k0, kc, h, w, cin, oh, ow, fh, fw, sh, sw, top, left);
    if (small) {
      smallFilterGrad(cols, dy + (<usize> (k0 * cout) << 2), dw, kc, m, cout);
      continue;
    }
    // A(i, k) = cols[k, i] and B = dy from the chunk's first position on: inner offset 0.
    const dyChunk = dy + (<usize> (k0 * cout) << 2);
    gemmPass(m, cout, kc, 0, cols, 1, m, dyChunk, cout, 1, dw, cout, 0, packScratch);
  }
}

/**
 * `MaxPoolGrad` for non-overlapping windows (filter = stride), NHWC, in one pass over `x`: an
 * element equal to its window's maximum `y` takes the window's `dy` unless an earlier element of
 * the window (row-major order) already took it; padding never wins, elements no window covers get
 * zero. Four channels per vector when `c` is a multiple of 4.
 */
export function maxPoolGradTiled(
  x: usize,
  y: usize,
  dy: usize,
  dx: usize,
  batch: i32,
  h: i32,
  w: i32,
  c: i32,
  oh: i32,
  ow: i32,
  fh: i32,
  fw: i32,
  top: i32,
  left: i32,
): void {
  const vectors = (c & 3) == 0;
  // The vector loop writes every element a window covers; zero first only what none covers.
  const covered = vectors && top == 0 && left == 0 && oh * fh == h && ow * fw == w;
  if (!covered) memory.fill(dx, 0, <usize> (batch * h * w * c) << 2);
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        const yBase = <usize> (((b * oh + r) * ow + q) * c) << 2;
        if (vectors) {
          for (let k = 0; k < c; k += 4) {
            const at = yBase + (<usize> k << 2);
            const yv = v128.load(y + at);
            const dyv = v128.load(dy + at);
            let taken = i32x4.splat(0);
            for (let i = 0; i < fh; i++) {
              const xr = r * fh + i - top;
              if (xr < 0 || xr >= h) continue;
              for (let j = 0; j < fw; j++) {
                const xc = q * fw + j - left;
                if (xc < 0 || xc >= w) continue;
                const xAt = <usize> (((b * h + xr) * w + xc) * c + k) << 2;
                const eq = f32x4.eq(v128.load(x + xAt), yv);
                v128.store(dx + xAt, v128.and(v128.andnot(eq, taken), dyv));
                taken = v128.or(taken, eq);
              }
            }
          }
          continue;
        }
        for (let k = 0; k < c; k++) {
          const at = yBase + (<usize> k << 2);
          const yk = load<f32>(y + at);
          let taken = false;
          for (let i = 0; i < fh && !taken; i++) {
            const xr = r * fh + i - top;
            if (xr < 0 || xr >= h) continue;
            for (let j = 0; j < fw; j++) {
              const xc = q * fw + j - left;
              if (xc < 0 || xc >= w) continue;
              const xAt = <usize> (((b * h + xr) * w + xc) * c + k) << 2;
              if (load<f32>(x + xAt) == yk) {
                store<f32>(dx + xAt, load<f32>(dy + at));
                taken = true;
                break;
              }
            }
          }
        }
      }
    }
  }
}

/** Bytes of scratch {@link conv2dInputGrad} needs for windows of `m = fh·fw·cin` and `cout`. */
export function conv2dInputGradScratchBytes(m: i32, cout: i32): i32 {
  return 4 * (KC * MR + packedBFloats(m, cout) + MR * NR + KC * m) + 64;
}

/**
 * `Conv2DBackpropInput`, NHWC: `dx[b, iy, ix, ci] = Σ dy[b, oy, ox, co] · w[ky, kx, ci, co]` over
 * `iy = oy·sh + ky − top`, `ix = ox·sw + kx − left`. Per block of KC output positions, the GEMM
 * `dy · wᵀ` `[KC, cout] · [cout, fh·fw·cin]` gives each position's contribution to its window,
 * which is then added into `dx` (col2im). `scratch` holds
 * {@link conv2dInputGradScratchBytes}`(fh·fw·cin, cout)` bytes.
 */
export function conv2dInputGrad(
  dy: usize,
  wt: usize,
  dx: usize,
  batch: i32,
  h: i32,
  w: i32,
  cin: i32,
  oh: i32,
  ow: i32,
  cout: i32,
  fh: i32,
  fw: i32,
  sh: i32,
  sw: i32,
  top: i32,
  left: i32,
  scratch: usize,
): void {
  const m = fh * fw * cin;
  const positions = batch * oh * ow;
  // B = wᵀ `[cout, fh·fw·cin]`, packed once for every block.
  // Scratch: A's panel and the edge tile (as gemmPackedB lays them out), B, the GEMM's output.
  const ap = scratch;
  const packed = ap + (<usize> (KC * MR + MR * NR) << 2);
  const cols = packed + (<usize> packedBFloats(m, cout) << 2);
  packAllB(packed, m, cout, wt, 1, cout);
  memory.fill(dx, 0, <usize> (batch * h * w * cin) << 2);
  for (let p0 = 0; p0 < positions; p0 += KC) {
    const rows = min(KC, positions - p0);
    // cols[r, (ky, kx, ci)] = Σ_co dy[p0 + r, co] · w[ky, kx, ci, co]: A = dy rows, B = wᵀ.
    const dyBlock = dy + (<usize> (p0 * cout) << 2);
    gemmPackedB(rows, m, cout, dyBlock, cout, 1, packed, cols, m, 0, ap);
    let bIndex = p0 / (oh * ow);
    const rest = p0 - bIndex * oh * ow;
    let oy = rest / ow;
    let ox = rest - oy * ow;
    const span = fw * cin;
    let src = cols;
    for (let r = 0; r < rows; r++) {
      const ix0 = ox * sw - left;
      const inside = ix0 >= 0 && ix0 + fw <= w;
      for (let ky = 0; ky < fh; ky++) {
        const iy = oy * sh + ky - top;
        if (iy >= 0 && iy < h) {
          if (inside) {
            addFloats(dx + (<usize> (((bIndex * h + iy) * w + ix0) * cin) << 2), src, span);
          } else {
            for (let kx = 0; kx < fw; kx++) {
              const ix = ix0 + kx;
              if (ix < 0 || ix >= w) continue;
              const at = dx + (<usize> (((bIndex * h + iy) * w + ix) * cin) << 2);
              addFloats(at, src + (<usize> (kx * cin) << 2), cin);
            }
          }
        }
        src += <usize> span << 2;
      }
      if (++ox == ow) {
        ox = 0;
        if (++oy == oh) {
          oy = 0;
          bIndex++;
        }
      }
    }
  }
}

/**
 * Rows `p0..p0+rows` of the im2col matrix of `x` `[batch, h, w, cin]` into `cols`
 * `[rows, fh·fw·cin]`: row p is output position (b, oy, ox), its window's pixels in (ky, kx, ci)
 * order, zero where the window leaves the input.
 */
function im2col(
  x: usize,
  cols: usize,
  p0: i32,
  rows: i32,
  h: i32,
  w: i32,
  cin: i32,
  oh: i32,
  ow: i32,
  fh: i32,
  fw: i32,
  sh: i32,
  sw: i32,
  top: i32,
  left: i32,
): void {
  const span = fw * cin; // one window row: fw pixels of cin channels, contiguous in x
  let bIndex = p0 / (oh * ow);
  const rest = p0 - bIndex * oh * ow;
  let oy = rest / ow;
  let ox = rest - oy * ow;
  let dst = cols;
  for (let kk = 0; kk < rows; kk++) {
    const ix0 = ox * sw - left;
    const inside = ix0 >= 0 && ix0 + fw <= w;
    for (let ky = 0; ky < fh; ky++) {
      const iy = oy * sh + ky - top;
      if (iy < 0 || iy >= h) {
        zeroFloats(dst, span);
      } else if (inside) {
        copyFloats(dst, x + (<usize> (((bIndex * h + iy) * w + ix0) * cin) << 2), span);
      } else {
        for (let kx = 0; kx < fw; kx++) {
          const ix = ix0 + kx;
          const at = dst + (<usize> (kx * cin) << 2);
          if (ix < 0 || ix >= w) zeroFloats(at, cin);
          else copyFloats(at, x + (<usize> (((bIndex * h + iy) * w + ix) * cin) << 2), cin);
        }
      }
      dst += <usize> span << 2;
    }
    // Next output position without divisions.
    if (++ox == ow) {
      ox = 0;
      if (++oy == oh) {
        oy = 0;
        bIndex++;
      }
    }
  }
}

/**
 * Windows of at most this many values (`fh·fw·cin`: a first layer on one channel) skip the GEMM,
 * whose packing and tile loads cost more than its few multiply-adds per output there.
 */
const SMALL_WINDOW: i32 = 32;

/**
 * `out[r, :] = cols[r, :] · w` for `rows` windows of `m` values and `cout` (a multiple of 4)
 * outputs: two rows at a time share each weight load, 16 outputs of each in four vector
 * accumulators over the window (the sums in the same order as one row at a time: the same bits).
 */
function smallConv(cols: usize, wt: usize, out: usize, rows: i32, m: i32, cout: i32): void {
  const wRow = <usize> cout << 2;
  let r = 0;
  if (cout % 16 == 0) {
    for (; r + 2 <= rows; r += 2) {
      const win0 = cols + (<usize> (r * m) << 2);
      const win1 = win0 + (<usize> m << 2);
      const o0 = out + (<usize> (r * cout) << 2);
      const o1 = o0 + wRow;
      for (let c0 = 0; c0 < cout; c0 += 16) {
        let a0 = f32x4.splat(0);
        let a1 = a0;
        let a2 = a0;
        let a3 = a0;
        let b0 = a0;
        let b1 = a0;
        let b2 = a0;
        let b3 = a0;
        let wp = wt + (<usize> c0 << 2);
        for (let k = 0; k < m; k++) {
          const at = <usize> k << 2;
          const u = v128.load_splat<f32>(win0 + at);
          const v = v128.load_splat<f32>(win1 + at);
          const w0 = v128.load(wp);
          a0 = madd(u, w0, a0);
          b0 = madd(v, w0, b0);
          const w1 = v128.load(wp, 16);
          a1 = madd(u, w1, a1);
          b1 = madd(v, w1, b1);
          const w2 = v128.load(wp, 32);
          a2 = madd(u, w2, a2);
          b2 = madd(v, w2, b2);
          const w3 = v128.load(wp, 48);
          a3 = madd(u, w3, a3);
          b3 = madd(v, w3, b3);
          wp += wRow;
        }
        const at0 = o0 + (<usize> c0 << 2);
        v128.store(at0, a0);
        v128.store(at0, a1, 16);
        v128.store(at0, a2, 32);
        v128.store(at0, a3, 48);
        const at1 = o1 + (<usize> c0 << 2);
        v128.store(at1, b0);
        v128.store(at1, b1, 16);
        v128.store(at1, b2, 32);
        v128.store(at1, b3, 48);
      }
    }
  }
  for (; r < rows; r++) {
    const win = cols + (<usize> (r * m) << 2);
    const o = out + (<usize> (r * cout) << 2);
    let c0 = 0;
    for (; c0 + 16 <= cout; c0 += 16) {
      let a0 = f32x4.splat(0);
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      let wp = wt + (<usize> c0 << 2);
      for (let k = 0; k < m; k++) {
        const v = v128.load_splat<f32>(win + (<usize> k << 2));
        a0 = madd(v, v128.load(wp), a0);
        a1 = madd(v, v128.load(wp, 16), a1);
        a2 = madd(v, v128.load(wp, 32), a2);
        a3 = madd(v, v128.load(wp, 48), a3);
        wp += wRow;
      }
      const at = o + (<usize> c0 << 2);
      v128.store(at, a0);
      v128.store(at, a1, 16);
      v128.store(at, a2, 32);
      v128.store(at, a3, 48);
    }
    for (; c0 < cout; c0 += 4) {
      let a = f32x4.splat(0);
      let wp = wt + (<usize> c0 << 2);
      for (let k = 0; k < m; k++) {
        a = madd(v128.load_splat<f32>(win + (<usize> k << 2)), v128.load(wp), a);
        wp += wRow;
      }
      v128.store(o + (<usize> c0 << 2), a);
    }
  }
}

/**
 * `dw[k, :] += Σ_r cols[r, k] · dy[r, :]` over `rows` windows of `m` values, `cout` a multiple of
 * 16: three window values × 16 outputs in 12 vector accumulators per pass over the rows.
 */
function smallFilterGrad(cols: usize, dy: usize, dw: usize, rows: i32, m: i32, cout: i32): void {
  const dyRow = <usize> cout << 2;
  const colRow = <usize> m << 2;
  for (let c0 = 0; c0 < cout; c0 += 16) {
    let k = 0;
    for (; k + 3 <= m; k += 3) {
      const d0 = dw + (<usize> (k * cout + c0) << 2);
      const d1 = d0 + dyRow;
      const d2 = d1 + dyRow;
      let a00 = v128.load(d0);
      let a01 = v128.load(d0, 16);
      let a02 = v128.load(d0, 32);
      let a03 = v128.load(d0, 48);
      let a10 = v128.load(d1);
      let a11 = v128.load(d1, 16);
      let a12 = v128.load(d1, 32);
      let a13 = v128.load(d1, 48);
      let a20 = v128.load(d2);
      let a21 = v128.load(d2, 16);
      let a22 = v128.load(d2, 32);
      let a23 = v128.load(d2, 48);
      let cp = cols + (<usize> k << 2);
      let dp = dy + (<usize> c0 << 2);
      for (let r = 0; r < rows; r++) {
        const g0 = v128.load(dp);
        const g1 = v128.load(dp, 16);
        const g2 = v128.load(dp, 32);
        const g3 = v128.load(dp, 48);
        let v = v128.load_splat<f32>(cp);
        a00 = madd(v, g0, a00);
        a01 = madd(v, g1, a01);
        a02 = madd(v, g2, a02);
        a03 = madd(v, g3, a03);
        v = v128.load_splat<f32>(cp, 4);
        a10 = madd(v, g0, a10);
        a11 = madd(v, g1, a11);
        a12 = madd(v, g2, a12);
        a13 = madd(v, g3, a13);
        v = v128.load_splat<f32>(cp, 8);
        a20 = madd(v, g0, a20);
        a21 = madd(v, g1, a21);
        a22 = madd(v, g2, a22);
        a23 = madd(v, g3, a23);
        cp += colRow;
        dp += dyRow;
      }
      v128.store(d0, a00);
      v128.store(d0, a01, 16);
      v128.store(d0, a02, 32);
      v128.store(d0, a03, 48);
      v128.store(d1, a10);
      v128.store(d1, a11, 16);
      v128.store(d1, a12, 32);
      v128.store(d1, a13, 48);
      v128.store(d2, a20);
      v128.store(d2, a21, 16);
      v128.store(d2, a22, 32);
      v128.store(d2, a23, 48);
    }
    for (; k < m; k++) {
      const d0 = dw + (<usize> (k * cout + c0) << 2);
      let a0 = v128.load(d0);
      let a1 = v128.load(d0, 16);
      let a2 = v128.load(d0, 32);
      let a3 = v128.load(d0, 48);
      let cp = cols + (<usize> k << 2);
      let dp = dy + (<usize> c0 << 2);
      for (let r = 0; r < rows; r++) {
        const v = v128.load_splat<f32>(cp);
        a0 = madd(v, v128.load(dp), a0);
        a1 = madd(v, v128.load(dp, 16), a1);
        a2 = madd(v, v128.load(dp, 32), a2);
        a3 = madd(v, v128.load(dp, 48), a3);
        cp += colRow;
        dp += dyRow;
      }
      v128.store(d0, a0);
      v128.store(d0, a1, 16);
      v128.store(d0, a2, 32);
      v128.store(d0, a3, 48);
    }
  }
}

/** Copy `count` floats (a call to `memory.copy` costs more than a short copy). */
function copyFloats(dst: usize, src: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize> i << 2;
    v128.store(dst + at, v128.load(src + at));
  }
  for (; i < count; i++) {
    const at = <usize> i << 2;
    store<f32>(dst + at, load<f32>(src + at));
  }
}

/** Zero `count` floats (a call to `memory.fill` costs more than a short loop). */
function zeroFloats(dst: usize, count: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(dst + (<usize> i << 2), zero);
  for (; i < count; i++) store<f32>(dst + (<usize> i << 2), 0);
}

/** `dst[i] += src[i]` for `count` floats. */
function addFloats(dst: usize, src: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize> i << 2;
    v128.store(dst + at, f32x4.add(v128.load(dst + at), v128.load(src + at)));
  }
  for (; i < count; i++) {
    const at = <usize> i << 2;
    store<f32>(dst + at, load<f32>(dst + at) + load<f32>(src + at));
  }
}

/**
 * `Conv2D`, NHWC, no dilation: `y[b, oy, ox, co] = Σ x[b, oy·sh + ky − top, ox·sw + kx − left, ci]
 * · w[ky, kx, ci, co]`, as the GEMM `cols · w` `[positions, fh·fw·cin] · [fh·fw·cin, cout]`, the
 * im2col matrix built KC positions at a time. `scratch` holds
 * {@link gemmScratchBytes}`(fh·fw·cin, cout)` bytes.
 */
export function conv2d(
  x: usize,
  wt: usize,
  y: usize,
  batch: i32,
  h: i32,
  w: i32,
  cin: i32,
  oh: i32,
  ow: i32,
  cout: i32,
  fh: i32,
  fw: i32,
  sh: i32,
  sw: i32,
  top: i32,
  left: i32,
  scratch: usize,
): void {
  const m = fh * fw * cin;
  const positions = batch * oh * ow;
  const panelsB = (cout + NR - 1) / NR;
  const cols = scratch + (<usize> (KC * MR + KC * NR * panelsB + MR * NR) << 2);
  const small = m <= SMALL_WINDOW && cout % 4 == 0;
  for (let p0 = 0; p0 < positions; p0 += KC) {
    const rows = min(KC, positions - p0);
    im2col(x, cols, p0, rows, h, w, cin, oh, ow, fh, fw, sh, sw, top, left);
    const out = y + (<usize> (p0 * cout) << 2);
    if (small) smallConv(cols, wt, out, rows, m, cout);
    else gemm(rows, cout, m, cols, m, 1, wt, cout, 1, out, cout, 0, scratch);
  }
}

/**
 * `batch` products `C[t] = A[t] · B[t]`, C `[batch, m, n]` contiguous; A[t] starts `t·strideA`
 * elements after `a` (0: one A for all), B[t] `t·strideB` after `b`, each with element strides as
 * in {@link gemm}. For attention's many small products (`[B·heads, 17, 16]`), in one call.
 */
export function batchedGemm(
  batch: i32,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  strideA: i32,
  sai: i32,
  sak: i32,
  b: usize,
  strideB: i32,
  sbk: i32,
  sbn: i32,
  c: usize,
  scratch: usize,
): void {
  for (let t = 0; t < batch; t++) {
    gemm(
      m,
      n,
      k,
      a + (<usize> (t * strideA) << 2),
      sai,
      sak,
      b + (<usize> (t * strideB) << 2),
      sbk,
      sbn,
      c + (<usize> (t * m * n) << 2),
      n,
      0,
      scratch,
    );
  }
}

// The LSTM's recurrence: one call runs every time step of the forward pass, another every step of
// backpropagation through time. The gates are Keras' order i, f, c, o, each `units` wide.

/**
 * `exp(x)` per lane in float32: Cephes' `expf` (range reduction by ln 2, degree-6 polynomial). The
 * nearest integer n of x·log₂e comes from adding 1.5·2²³ (the float's rounding does it), which also
 * leaves n in the low bits: cheaper on x64 than wasm's `nearest` and `trunc_sat`, as `pmin`/`pmax`
 * are than `min`/`max` (which order NaNs and signed zeros).
 */
function exp4(x: v128): v128 {
  const clamped = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const magic = f32x4.splat(12582912.0);
  const shifted = madd(clamped, f32x4.splat(1.44269504088896341), magic);
  const n = f32x4.sub(shifted, magic);
  let r = f32x4.sub(clamped, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  p = madd(p, f32x4.mul(r, r), f32x4.add(r, f32x4.splat(1)));
  // 2ⁿ: n + 127 in the exponent field (n sits in the mantissa's low bits of `shifted`).
  const scale = i32x4.shl(i32x4.add(i32x4.sub(shifted, magic), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/** The logistic `1 / (1 + e^−x)` per lane. */
function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

/**
 * `tanh(x)` per lane: Cephes' `tanhf`, an odd polynomial below |x| = 0.625 (where `1 − 2/(e^2x + 1)`
 * would lose digits) and `1 − 2/(e^{2|x|} + 1)` with x's sign above.
 */
function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = madd(p, z, f32x4.splat(2.06390887954e-2));
  p = madd(p, z, f32x4.splat(-5.37397155531e-2));
  p = madd(p, z, f32x4.splat(1.33314422036e-1));
  p = madd(p, z, f32x4.splat(-3.33332819422e-1));
  const small = madd(f32x4.mul(p, z), x, x);
  const one = f32x4.splat(1);
  const e = exp4(f32x4.add(ax, ax));
  const large = f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(e, one)));
  const signed = v128.or(large, v128.and(x, f32x4.splat(-0.0)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** Bytes of scratch {@link lstmForward} and {@link lstmBackward} need. */
export function lstmScratchBytes(batch: i32, units: i32): i32 {
  const state = (batch * units + 3) & ~3;
  const packed = max(packedBFloats(4 * units, units), packedBFloats(units, 4 * units));
  return 4 * (2 * state + packed + KC * MR + MR * NR) + 64;
}

/**
 * Lanes `j..j+4` of one row of an LSTM step, or fewer (`lanes` < 4, the row's tail, through
 * scalar loads and stores): the gates' activations in place in `row` (`[4·units]`, i f c o), then
 * `c' = f·c + i·g`, `tanh(c')` and `h' = o·tanh(c')`.
 */
function cellForward(
  row: usize,
  units: i32,
  j: i32,
  lanes: i32,
  cPrev: usize,
  cNext: usize,
  tanhC: usize,
  hNext: usize,
): void {
  const gate = <usize> units << 2;
  const at = <usize> j << 2;
  const i = sigmoid4(loadLanes(row + at, lanes));
  const f = sigmoid4(loadLanes(row + gate + at, lanes));
  const g = tanh4(loadLanes(row + 2 * gate + at, lanes));
  const o = sigmoid4(loadLanes(row + 3 * gate + at, lanes));
  storeLanes(row + at, i, lanes);
  storeLanes(row + gate + at, f, lanes);
  storeLanes(row + 2 * gate + at, g, lanes);
  storeLanes(row + 3 * gate + at, o, lanes);
  const c = madd(f, loadLanes(cPrev + at, lanes), f32x4.mul(i, g));
  const tc = tanh4(c);
  storeLanes(cNext + at, c, lanes);
  storeLanes(tanhC + at, tc, lanes);
  storeLanes(hNext + at, f32x4.mul(o, tc), lanes);
}

/** Four floats at `p`, or the first `lanes` of them (the rest zero). */
function loadLanes(p: usize, lanes: i32): v128 {
  if (lanes == 4) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (lanes > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (lanes > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Store four lanes at `p`, or the first `lanes` of them. */
function storeLanes(p: usize, v: v128, lanes: i32): void {
  if (lanes == 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (lanes > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (lanes > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/**
 * The forward pass of an LSTM from zero state over `steps` steps of `batch` rows. `z` holds the
 * input part of every gate pre-activation, `x_t·W + b`, time-major `[steps, batch, 4·units]`;
 * `recurrent` is `[units, 4·units]`. Writes the gates after their activations `[steps, batch,
 * 4·units]`, the cell states and outputs `[steps + 1, batch, units]` (index 0 the zero state),
 * and tanh of each new cell state `[steps, batch, units]`. `scratch` holds
 * {@link lstmScratchBytes} bytes.
 */
export function lstmForward(
  steps: i32,
  batch: i32,
  units: i32,
  z: usize,
  recurrent: usize,
  gates: usize,
  cells: usize,
  hidden: usize,
  tanhCells: usize,
  scratch: usize,
): void {
  const width = 4 * units;
  const state = batch * units;
  // The recurrent kernel packed once for all steps' products.
  const packed = scratch;
  const gemmScratch = packed + (<usize> packedBFloats(width, units) << 2);
  packAllB(packed, width, units, recurrent, width, 1);
  zeroFloats(cells, state);
  zeroFloats(hidden, state);
  for (let t = 0; t < steps; t++) {
    const g = gates + (<usize> (t * batch * width) << 2);
    copyFloats(g, z + (<usize> (t * batch * width) << 2), batch * width);
    const hPrev = hidden + (<usize> (t * state) << 2);
    // From the zero state the first step has no recurrent part.
    if (t > 0) gemmPackedB(batch, width, units, hPrev, units, 1, packed, g, width, 1, gemmScratch);
    const cPrev = cells + (<usize> (t * state) << 2);
    const tanhC = tanhCells + (<usize> (t * state) << 2);
    for (let r = 0; r < batch; r++) {
      const row = g + (<usize> (r * width) << 2);
      const s = <usize> (r * units) << 2;
      const cp = cPrev + s;
      const cn = cp + (<usize> state << 2);
      const hn = hPrev + s + (<usize> state << 2);
      for (let j = 0; j < units; j += 4) {
        cellForward(row, units, j, min(4, units - j), cp, cn, tanhC + s, hn);
      }
    }
  }
}

/**
 * Lanes `j..j+4` (or the tail's `lanes`) of one row of a backward LSTM step: from `dh` (the
 * output's gradient) and `dc` (the cell state's, from the step after, updated in place to the one
 * before), the gradients of the four gate pre-activations into `dzRow`.
 */
function cellBackward(
  gateRow: usize,
  dzRow: usize,
  units: i32,
  j: i32,
  lanes: i32,
  cPrev: usize,
  tanhC: usize,
  dh: usize,
  dc: usize,
): void {
  const gate = <usize> units << 2;
  const at = <usize> j << 2;
  const one = f32x4.splat(1);
  const i = loadLanes(gateRow + at, lanes);
  const f = loadLanes(gateRow + gate + at, lanes);
  const g = loadLanes(gateRow + 2 * gate + at, lanes);
  const o = loadLanes(gateRow + 3 * gate + at, lanes);
  const tc = loadLanes(tanhC + at, lanes);
  const dhv = loadLanes(dh + at, lanes);
  // d(cell state after the step): through h = o·tanh(c), and from the step after.
  const dcAfter = madd(
    f32x4.mul(dhv, o),
    f32x4.sub(one, f32x4.mul(tc, tc)),
    loadLanes(dc + at, lanes),
  );
  storeLanes(dzRow + at, f32x4.mul(f32x4.mul(dcAfter, g), f32x4.mul(i, f32x4.sub(one, i))), lanes);
  storeLanes(
    dzRow + gate + at,
    f32x4.mul(f32x4.mul(dcAfter, loadLanes(cPrev + at, lanes)), f32x4.mul(f, f32x4.sub(one, f))),
    lanes,
  );
  storeLanes(
    dzRow + 2 * gate + at,
    f32x4.mul(f32x4.mul(dcAfter, i), f32x4.sub(one, f32x4.mul(g, g))),
    lanes,
  );
  storeLanes(
    dzRow + 3 * gate + at,
    f32x4.mul(f32x4.mul(dhv, tc), f32x4.mul(o, f32x4.sub(one, o))),
    lanes,
  );
  storeLanes(dc + at, f32x4.mul(dcAfter, f), lanes);
}

/**
 * Backpropagation through time for {@link lstmForward}: from the gradient of the last output `dy`
 * `[batch, units]` and the forward pass's gates, cell states and tanh of the cell states, the
 * gradients of every gate pre-activation `dz` `[steps, batch, 4·units]` (time-major, as `z`).
 * `scratch` holds {@link lstmScratchBytes} bytes.
 */
export function lstmBackward(
  steps: i32,
  batch: i32,
  units: i32,
  dy: usize,
  recurrent: usize,
  gates: usize,
  cells: usize,
  tanhCells: usize,
  dz: usize,
  scratch: usize,
): void {
  const width = 4 * units;
  const state = batch * units;
  const dh = scratch;
  const dc = dh + (<usize> ((state + 3) & ~3) << 2);
  // recurrentᵀ `[4·units, units]`, packed once for all steps' products.
  const packed = dc + (<usize> ((state + 3) & ~3) << 2);
  const gemmScratch = packed + (<usize> packedBFloats(units, width) << 2);
  packAllB(packed, units, width, recurrent, 1, width);
  copyFloats(dh, dy, state);
  zeroFloats(dc, state);
  for (let t = steps - 1; t >= 0; t--) {
    const gt = gates + (<usize> (t * batch * width) << 2);
    const dzt = dz + (<usize> (t * batch * width) << 2);
    const cPrev = cells + (<usize> (t * state) << 2);
    const tanhC = tanhCells + (<usize> (t * state) << 2);
    for (let r = 0; r < batch; r++) {
      const rw = <usize> (r * width) << 2;
      const s = <usize> (r * units) << 2;
      for (let j = 0; j < units; j += 4) {
        cellBackward(
          gt + rw,
          dzt + rw,
          units,
          j,
          min(4, units - j),
          cPrev + s,
          tanhC + s,
          dh + s,
          dc + s,
        );
      }
    }
    // dh of the step before: dz_t · recurrentᵀ. The zero initial state takes no gradient.
    if (t > 0) gemmPackedB(batch, units, width, dzt, width, 1, packed, dh, units, 0, gemmScratch);
  }
}

/**
 * Column sums of a row-major `[outer, inner]` float32 matrix into `dst` `[inner]`, accumulated in
 * float64 in row order (a conv layer's bias gradient, `[batch·h·w, channels]` → `[channels]`).
 * `scratch` holds `8·inner` bytes, 16-byte aligned.
 */
export function sumRows(src: usize, dst: usize, outer: i32, inner: i32, scratch: usize): void {
  const zero = f64x2.splat(0);
  for (let j = 0; j + 2 <= inner; j += 2) v128.store(scratch + (<usize> j << 3), zero);
  if (inner & 1) store<f64>(scratch + (<usize> (inner - 1) << 3), 0);
  for (let r = 0; r < outer; r++) {
    const row = src + (<usize> (r * inner) << 2);
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      const v = v128.load(row + (<usize> j << 2));
      const lo = scratch + (<usize> j << 3);
      v128.store(lo, f64x2.add(v128.load(lo), f64x2.promote_low_f32x4(v)));
      const high = v128.shuffle<f32>(v, v, 2, 3, 0, 1);
      v128.store(lo, f64x2.add(v128.load(lo, 16), f64x2.promote_low_f32x4(high)), 16);
    }
    for (; j < inner; j++) {
      const at = scratch + (<usize> j << 3);
      store<f64>(at, load<f64>(at) + <f64> load<f32>(row + (<usize> j << 2)));
    }
  }
  for (let j = 0; j < inner; j++) {
    store<f32>(dst + (<usize> j << 2), <f32> load<f64>(scratch + (<usize> j << 3)));
  }
}

/** The gradient of ReLU: `dx = dy` where `x > 0`, else 0, for `count` floats. */
export function reluGrad(x: usize, dy: usize, dx: usize, count: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize> i << 2;
    v128.store(dx + at, v128.and(v128.load(dy + at), f32x4.gt(v128.load(x + at), zero)));
  }
  for (; i < count; i++) {
    const at = <usize> i << 2;
    store<f32>(dx + at, load<f32>(x + at) > 0 ? load<f32>(dy + at) : 0);
  }
}

/**
 * Layer normalisation over the last axis of `rows` rows of `dim` floats, in float64 as the host
 * loop it replaces computes it (one pass for both moments, then `x̂ = (x − mean)/σ` and
 * `y = x̂·γ + β` from the unrounded x̂), so the results are the same bits. Writes `y`, `normed`
 * (x̂, float32) and `rstd` (1/σ per row, float64: 8 bytes a row).
 */
export function layerNormForward(
  x: usize,
  gamma: usize,
  beta: usize,
  y: usize,
  normed: usize,
  rstd: usize,
  rows: i32,
  dim: i32,
  epsilon: f64,
): void {
  for (let r = 0; r < rows; r++) {
    const o = <usize> (r * dim) << 2;
    let sum: f64 = 0;
    let squares: f64 = 0;
    for (let j = 0; j < dim; j++) {
      const v = <f64> load<f32>(x + o + (<usize> j << 2));
      sum += v;
      squares += v * v;
    }
    const mean = sum / dim;
    const variance = max(squares / dim - mean * mean, 0);
    const inverse = 1 / Math.sqrt(variance + epsilon);
    store<f64>(rstd + (<usize> r << 3), inverse);
    // Two columns at a time in float64 lanes, the same operations as below: the same bits.
    let j = 0;
    for (; j + 2 <= dim; j += 2) {
      const at = o + (<usize> j << 2);
      const v = f64x2.promote_low_f32x4(v128.load64_zero(x + at));
      const n = f64x2.mul(f64x2.sub(v, f64x2.splat(mean)), f64x2.splat(inverse));
      v128.store64_lane(normed + at, f32x4.demote_f64x2_zero(n), 0);
      const g = f64x2.promote_low_f32x4(v128.load64_zero(gamma + (<usize> j << 2)));
      const b = f64x2.promote_low_f32x4(v128.load64_zero(beta + (<usize> j << 2)));
      v128.store64_lane(y + at, f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(n, g), b)), 0);
    }
    for (; j < dim; j++) {
      const at = o + (<usize> j << 2);
      const n = (<f64> load<f32>(x + at) - mean) * inverse;
      store<f32>(normed + at, <f32> n);
      const g = <f64> load<f32>(gamma + (<usize> j << 2));
      store<f32>(y + at, <f32> (n * g + <f64> load<f32>(beta + (<usize> j << 2))));
    }
  }
}

/**
 * The gradient of {@link layerNormForward}: `dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂))` with
 * `g = dy·γ`, and `dγ = Σ dy·x̂`, `dβ = Σ dy` over the rows, in float64 in the host loop's order.
 * `scratch` holds `16·dim` bytes (the two sums), 8-byte aligned.
 */
export function layerNormBackward(
  dy: usize,
  normed: usize,
  gamma: usize,
  rstd: usize,
  dx: usize,
  dGamma: usize,
  dBeta: usize,
  rows: i32,
  dim: i32,
  scratch: usize,
): void {
  const sumGamma = scratch;
  const sumBeta = scratch + (<usize> dim << 3);
  for (let j = 0; j < dim; j++) {
    store<f64>(sumGamma + (<usize> j << 3), 0);
    store<f64>(sumBeta + (<usize> j << 3), 0);
  }
  for (let r = 0; r < rows; r++) {
    const o = <usize> (r * dim) << 2;
    let sumG: f64 = 0;
    let sumGn: f64 = 0;
    // Two columns at a time in float64 lanes; the row sums still add lane 0, then lane 1, in
    // column order, and every column sum runs over the rows in order: the same bits.
    let j = 0;
    for (; j + 2 <= dim; j += 2) {
      const at = o + (<usize> j << 2);
      const d = f64x2.promote_low_f32x4(v128.load64_zero(dy + at));
      const n = f64x2.promote_low_f32x4(v128.load64_zero(normed + at));
      const g = f64x2.mul(d, f64x2.promote_low_f32x4(v128.load64_zero(gamma + (<usize> j << 2))));
      const gn = f64x2.mul(g, n);
      sumG += f64x2.extract_lane(g, 0);
      sumGn += f64x2.extract_lane(gn, 0);
      sumG += f64x2.extract_lane(g, 1);
      sumGn += f64x2.extract_lane(gn, 1);
      const j8 = <usize> j << 3;
      v128.store(sumGamma + j8, f64x2.add(v128.load(sumGamma + j8), f64x2.mul(d, n)));
      v128.store(sumBeta + j8, f64x2.add(v128.load(sumBeta + j8), d));
    }
    for (; j < dim; j++) {
      const at = o + (<usize> j << 2);
      const d = <f64> load<f32>(dy + at);
      const n = <f64> load<f32>(normed + at);
      const g = d * <f64> load<f32>(gamma + (<usize> j << 2));
      sumG += g;
      sumGn += g * n;
      const j8 = <usize> j << 3;
      store<f64>(sumGamma + j8, load<f64>(sumGamma + j8) + d * n);
      store<f64>(sumBeta + j8, load<f64>(sumBeta + j8) + d);
    }
    const meanG = sumG / dim;
    const meanGn = sumGn / dim;
    const inverse = load<f64>(rstd + (<usize> r << 3));
    const inverse2 = f64x2.splat(inverse);
    const meanG2 = f64x2.splat(meanG);
    const meanGn2 = f64x2.splat(meanGn);
    j = 0;
    for (; j + 2 <= dim; j += 2) {
      const at = o + (<usize> j << 2);
      const d = f64x2.promote_low_f32x4(v128.load64_zero(dy + at));
      const g = f64x2.mul(d, f64x2.promote_low_f32x4(v128.load64_zero(gamma + (<usize> j << 2))));
      const n = f64x2.promote_low_f32x4(v128.load64_zero(normed + at));
      const value = f64x2.mul(inverse2, f64x2.sub(f64x2.sub(g, meanG2), f64x2.mul(n, meanGn2)));
      v128.store64_lane(dx + at, f32x4.demote_f64x2_zero(value), 0);
    }
    for (; j < dim; j++) {
      const at = o + (<usize> j << 2);
      const g = <f64> load<f32>(dy + at) * <f64> load<f32>(gamma + (<usize> j << 2));
      const n = <f64> load<f32>(normed + at);
      store<f32>(dx + at, <f32> (inverse * (g - meanG - n * meanGn)));
    }
  }
  for (let j = 0; j < dim; j++) {
    store<f32>(dGamma + (<usize> j << 2), <f32> load<f64>(sumGamma + (<usize> j << 3)));
    store<f32>(dBeta + (<usize> j << 2), <f32> load<f64>(sumBeta + (<usize> j << 3)));
  }
}

/**
 * GELU `x·Φ(x)` and its slope `Φ(x) + x·φ(x)` of `count` floats, the host loop of
 * `lib/models/gelu_op.ts` in the same float64 arithmetic: cubic Hermite interpolation from
 * `table` (8 float64 coefficients per interval of 1/64 on [−8, 8]: G's cubic, then S's) on
 * (−5, 8), Φ's series near 0, x and 1 from 8 up, and Φ from erfc below −5.
 */
export function geluWithSlope(x: usize, y: usize, slope: usize, count: i32, table: usize): void {
  const invSqrt2pi: f64 = 1 / Math.sqrt(2 * Math.PI);
  let i = 0;
  // Two elements at a time where both take the table (almost all of them): the same float64
  // operations in two lanes, so the same bits as the loop below.
  for (; i + 2 <= count; i += 2) {
    const at = <usize> i << 2;
    const v = f64x2.promote_low_f32x4(v128.load64_zero(x + at));
    const nearZero = v128.and(
      f64x2.gt(v, f64x2.splat(-1.0 / 64)),
      f64x2.lt(v, f64x2.splat(1.0 / 64)),
    );
    const inTable = v128.andnot(
      v128.and(f64x2.lt(v, f64x2.splat(8)), f64x2.gt(v, f64x2.splat(-5))),
      nearZero,
    );
    if (!i64x2.all_true(inTable)) {
      geluWithSlopeScalar(x, y, slope, i, i + 2, table, invSqrt2pi);
      continue;
    }
    const u = f64x2.mul(f64x2.add(v, f64x2.splat(8)), f64x2.splat(64));
    const k = i32x4.trunc_sat_f64x2_s_zero(u);
    const t = f64x2.sub(u, f64x2.convert_low_i32x4_s(k));
    const c0 = table + (<usize> (8 * i32x4.extract_lane(k, 0)) << 3);
    const c1 = table + (<usize> (8 * i32x4.extract_lane(k, 1)) << 3);
    const g = f64x2.add(
      tableLanes(c0, c1, 0),
      f64x2.mul(
        t,
        f64x2.add(
          tableLanes(c0, c1, 8),
          f64x2.mul(t, f64x2.add(tableLanes(c0, c1, 16), f64x2.mul(t, tableLanes(c0, c1, 24)))),
        ),
      ),
    );
    const sl = f64x2.add(
      tableLanes(c0, c1, 32),
      f64x2.mul(
        t,
        f64x2.add(
          tableLanes(c0, c1, 40),
          f64x2.mul(t, f64x2.add(tableLanes(c0, c1, 48), f64x2.mul(t, tableLanes(c0, c1, 56)))),
        ),
      ),
    );
    v128.store64_lane(y + at, f32x4.demote_f64x2_zero(g), 0);
    v128.store64_lane(slope + at, f32x4.demote_f64x2_zero(sl), 0);
  }
  geluWithSlopeScalar(x, y, slope, i, count, table, invSqrt2pi);
}

/** Table coefficient `offset` bytes into the rows at `c0` (lane 0) and `c1` (lane 1). */
function tableLanes(c0: usize, c1: usize, offset: usize): v128 {
  return v128.load64_lane(c1 + offset, v128.load64_zero(c0 + offset), 1);
}

/** {@link geluWithSlope} for elements `from..to`, one at a time, every range. */
function geluWithSlopeScalar(
  x: usize,
  y: usize,
  slope: usize,
  from: i32,
  to: i32,
  table: usize,
  invSqrt2pi: f64,
): void {
  for (let i = from; i < to; i++) {
    const at = <usize> i << 2;
    const v = <f64> load<f32>(x + at);
    let g: f64;
    let s: f64;
    if (v >= 8) {
      g = v;
      s = 1;
    } else if (v > -1.0 / 64 && v < 1.0 / 64) {
      const x2 = v * v;
      const cdf = 0.5 + invSqrt2pi * v * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 * 5 / 42)));
      const density = invSqrt2pi * (1 - x2 / 2 * (1 - x2 / 4 * (1 - x2 / 6)));
      g = v * cdf;
      s = cdf + v * density;
    } else if (v > -5) {
      const u = (v + 8) * 64;
      const k = <i32> u;
      const t = u - <f64> k;
      const c = table + (<usize> (8 * k) << 3);
      g = load<f64>(c) +
        t * (load<f64>(c, 8) + t * (load<f64>(c, 16) + t * load<f64>(c, 24)));
      s = load<f64>(c, 32) +
        t * (load<f64>(c, 40) + t * (load<f64>(c, 48) + t * load<f64>(c, 56)));
    } else {
      const cdf = 0.5 * erfcNonNegative(Math.abs(v) * Math.SQRT1_2); // Φ(v) = Φ(−|v|), v < 0
      g = v * cdf;
      s = cdf + v * (Math.exp(-0.5 * v * v) * invSqrt2pi);
    }
    store<f32>(y + at, <f32> g);
    store<f32>(slope + at, <f32> s);
  }
}

/** erfc(z) for z ≥ 0 (Numerical Recipes' `erfcc`, relative error below 1.2·10⁻⁷), in float64. */
function erfcNonNegative(z: f64): f64 {
  const t = 1 / (1 + 0.5 * z);
  const poly = -1.26551223 +
    t * (1.00002368 +
        t * (0.37409196 +
            t * (0.09678418 +
                t * (-0.18628806 +
                    t * (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(-z * z + poly);
}

/**
 * One Adam step of `count` floats: `m' = β₁m + (1−β₁)g`, `v' = β₂v + (1−β₂)g²`,
 * `x' = (m'/c1) / (√(v'/c2) + ε) · (−lr) + x` with `c1 = 1 − β₁ᵗ`, `c2 = 1 − β₂ᵗ`, every operation
 * a float32 one in tfjs-core's order (no fused multiply-add, even in the relaxed build), so the
 * results are the same bits as its op chain. The constants come rounded to float32.
 */
export function adamStep(
  x: usize,
  m: usize,
  v: usize,
  g: usize,
  xOut: usize,
  mOut: usize,
  vOut: usize,
  count: i32,
  beta1: f32,
  beta2: f32,
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
  c1: f32,
  c2: f32,
  epsilon: f32,
  negLr: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const o1 = f32x4.splat(oneMinusBeta1);
  const o2 = f32x4.splat(oneMinusBeta2);
  const d1 = f32x4.splat(c1);
  const d2 = f32x4.splat(c2);
  const eps = f32x4.splat(epsilon);
  const lr = f32x4.splat(negLr);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize> i << 2;
    const gi = v128.load(g + at);
    const mi = f32x4.add(f32x4.mul(v128.load(m + at), b1), f32x4.mul(gi, o1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + at), b2), f32x4.mul(f32x4.mul(gi, gi), o2));
    const denominator = f32x4.add(f32x4.sqrt(f32x4.div(vi, d2)), eps);
    const step = f32x4.mul(f32x4.div(f32x4.div(mi, d1), denominator), lr);
    v128.store(mOut + at, mi);
    v128.store(vOut + at, vi);
    v128.store(xOut + at, f32x4.add(step, v128.load(x + at)));
  }
  for (; i < count; i++) {
    const at = <usize> i << 2;
    const gi = load<f32>(g + at);
    const mi: f32 = load<f32>(m + at) * beta1 + gi * oneMinusBeta1;
    const vi: f32 = load<f32>(v + at) * beta2 + gi * gi * oneMinusBeta2;
    const step: f32 = mi / c1 / (Mathf.sqrt(vi / c2) + epsilon) * negLr;
    store<f32>(mOut + at, mi);
    store<f32>(vOut + at, vi);
    store<f32>(xOut + at, step + load<f32>(x + at));
  }
}

/**
 * The gradient of leaky ReLU: `dx = dy` where `x > 0`, else `dy·α`, for `count` floats (NaN in x
 * takes the `dy·α` side, as tfjs-core's `where(x > 0, dy, dy·α)` does).
 */
export function leakyReluGrad(x: usize, dy: usize, dx: usize, count: i32, alpha: f32): void {
  const zero = f32x4.splat(0);
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize> i << 2;
    const d = v128.load(dy + at);
    v128.store(dx + at, v128.bitselect(d, f32x4.mul(d, a), f32x4.gt(v128.load(x + at), zero)));
  }
  for (; i < count; i++) {
    const at = <usize> i << 2;
    const d = load<f32>(dy + at);
    store<f32>(dx + at, load<f32>(x + at) > 0 ? d : d * alpha);
  }
}

// Winograd F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", 2016):
// a 3×3, stride-1 convolution computed on 2×2 output tiles from 4×4 input tiles, with 16
// multiplies per tile and channel pair instead of 36. A tile's 16 products are the 16 GEMMs
// `V[ξ] · U[ξ]` `[tiles, cin] · [cin, cout]`, run over chunks of tiles; the input, filter and
// output transforms are additions and halvings. Transforms: `V = Bᵀ d B`, `U = G g Gᵀ`,
// `y = Aᵀ (U ⊙ V) A`, with
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
//   Aᵀ = [1 1 1 0; 0 1 −1 −1].
// The filter gradient is the same product's adjoint: `dg = Gᵀ [Σ_tiles V ⊙ (A dY Aᵀ)] G`.

/**
 * Tiles per chunk: a chunk's transformed inputs and products (~0.6 MB at 32 → 64 channels) stay
 * in L2.
 */
const WG_TILES: i32 = 96;

/**
 * Floats from one ξ plane of a chunk to the next: `tiles · channels` and one cache line more, so
 * that the 16 planes a transform writes or reads together do not all fall in the same L1 sets
 * (a plane of 96 tiles × 32 channels is 3 × 4 KB: without the line the conv2 forward pass ran
 * ~1.7× slower).
 */
function planeFloats(tiles: i32, channels: i32): i32 {
  return tiles * channels + 16;
}

/**
 * Bytes of scratch {@link winogradConv2d} and {@link winogradFilterGrad} need for `cin` input and
 * `cout` output channels of the convolution.
 */
export function winogradScratchBytes(cin: i32, cout: i32): i32 {
  const panels = (cout + NR - 1) / NR;
  return 4 * (
        16 * packedBFloats(cout, cin) + // U, packed for the GEMMs
        16 * cin * cout + // U before packing, or the filter gradient's sums
        16 * (planeFloats(WG_TILES, cin) + planeFloats(WG_TILES, cout)) + // a chunk's V, products
        16 * cin + // one 4×4 input tile
        KC * MR + KC * NR * panels + MR * NR // the GEMM's panels and edge tile
      ) + 64;
}

// The parts of a Winograd scratch block, in order (see winogradScratchBytes).
const WG_PACKED: i32 = 0;
const WG_SUMS: i32 = 1;
const WG_V: i32 = 2;
const WG_PRODUCTS: i32 = 3;
const WG_PATCH: i32 = 4;
const WG_GEMM: i32 = 5;

/** Where part `part` (`WG_…`) of a Winograd scratch block for `cin` → `cout` channels starts. */
function winogradPart(scratch: usize, cin: i32, cout: i32, part: i32): usize {
  let floats = 0;
  if (part > WG_PACKED) floats += 16 * packedBFloats(cout, cin);
  if (part > WG_SUMS) floats += 16 * cin * cout;
  if (part > WG_V) floats += 16 * planeFloats(WG_TILES, cin);
  if (part > WG_PRODUCTS) floats += 16 * planeFloats(WG_TILES, cout);
  if (part > WG_PATCH) floats += 16 * cin;
  return scratch + (<usize> floats << 2);
}

/** The 4×4 input tile of image `b` at (`iy0`, `ix0`) into `patch` `[16, cin]`, zero outside `x`. */
function gatherPatch(
  x: usize,
  patch: usize,
  b: i32,
  iy0: i32,
  ix0: i32,
  h: i32,
  w: i32,
  cin: i32,
): void {
  const span = <usize> cin << 2;
  for (let r = 0; r < 4; r++) {
    const dst = patch + <usize> (r * 4) * span;
    const iy = iy0 + r;
    if (iy < 0 || iy >= h) {
      zeroFloats(dst, 4 * cin);
      continue;
    }
    const row = x + <usize> ((b * h + iy) * w) * span;
    if (ix0 >= 0 && ix0 + 4 <= w) {
      copyFloats(dst, row + <usize> ix0 * span, 4 * cin);
      continue;
    }
    for (let c = 0; c < 4; c++) {
      const ix = ix0 + c;
      if (ix < 0 || ix >= w) zeroFloats(dst + <usize> c * span, cin);
      else copyFloats(dst + <usize> c * span, row + <usize> ix * span, cin);
    }
  }
}

/** Four lanes of `patch` `[4, 4, cin]` at row `r`, column `c`, channel `ci`. */
function patchAt(patch: usize, r: i32, c: i32, cin: i32, ci: i32): v128 {
  return v128.load(patch + (<usize> ((r * 4 + c) * cin + ci) << 2));
}

/** Store `(e0 − e2, e1 + e2, e2 − e1, e1 − e3)` (one row times B) at `dst` + j·`plane`. */
function storeTimesB(e0: v128, e1: v128, e2: v128, e3: v128, dst: usize, plane: usize): void {
  v128.store(dst, f32x4.sub(e0, e2));
  v128.store(dst + plane, f32x4.add(e1, e2));
  v128.store(dst + 2 * plane, f32x4.sub(e2, e1));
  v128.store(dst + 3 * plane, f32x4.sub(e1, e3));
}

/**
 * `V = Bᵀ d B` of the tile in `patch` into row `t` of the chunk's `v` `[16, tiles, cin]`, its
 * planes {@link planeFloats} apart (`cin` a multiple of 4).
 */
function inputTransform(patch: usize, v: usize, t: i32, tiles: i32, cin: i32): void {
  const plane = <usize> planeFloats(tiles, cin) << 2;
  for (let ci = 0; ci < cin; ci += 4) {
    const out = v + (<usize> (t * cin + ci) << 2);
    // Rows of Bᵀ d: d0 − d2, d1 + d2, d2 − d1, d1 − d3 (per column), each then times B.
    const d00 = patchAt(patch, 0, 0, cin, ci);
    const d01 = patchAt(patch, 0, 1, cin, ci);
    const d02 = patchAt(patch, 0, 2, cin, ci);
    const d03 = patchAt(patch, 0, 3, cin, ci);
    const d10 = patchAt(patch, 1, 0, cin, ci);
    const d11 = patchAt(patch, 1, 1, cin, ci);
    const d12 = patchAt(patch, 1, 2, cin, ci);
    const d13 = patchAt(patch, 1, 3, cin, ci);
    const d20 = patchAt(patch, 2, 0, cin, ci);
    const d21 = patchAt(patch, 2, 1, cin, ci);
    const d22 = patchAt(patch, 2, 2, cin, ci);
    const d23 = patchAt(patch, 2, 3, cin, ci);
    storeTimesB(
      f32x4.sub(d00, d20),
      f32x4.sub(d01, d21),
      f32x4.sub(d02, d22),
      f32x4.sub(d03, d23),
      out,
      plane,
    );
    storeTimesB(
      f32x4.add(d10, d20),
      f32x4.add(d11, d21),
      f32x4.add(d12, d22),
      f32x4.add(d13, d23),
      out + 4 * plane,
      plane,
    );
    storeTimesB(
      f32x4.sub(d20, d10),
      f32x4.sub(d21, d11),
      f32x4.sub(d22, d12),
      f32x4.sub(d23, d13),
      out + 8 * plane,
      plane,
    );
    storeTimesB(
      f32x4.sub(d10, patchAt(patch, 3, 0, cin, ci)),
      f32x4.sub(d11, patchAt(patch, 3, 1, cin, ci)),
      f32x4.sub(d12, patchAt(patch, 3, 2, cin, ci)),
      f32x4.sub(d13, patchAt(patch, 3, 3, cin, ci)),
      out + 12 * plane,
      plane,
    );
  }
}

/**
 * `U = G g Gᵀ` for every channel pair into `u` `[16, cin, cout]`. With `transposed` 0, `wt` is the
 * convolution's filter `[3, 3, cin, cout]`; with 1 it is the filter `[3, 3, cout, cin]` of the
 * convolution whose input gradient this one is: taps rotated 180°, channel axes swapped.
 */
function filterTransform(wt: usize, u: usize, cin: i32, cout: i32, transposed: i32): void {
  const plane = <usize> (cin * cout) << 2;
  for (let ci = 0; ci < cin; ci++) {
    for (let co = 0; co < cout; co++) {
      // g[ky][kx] (tap k = 3·ky + kx), then t = G g (4 × 3), then U = t Gᵀ (4 × 4).
      const g0 = filterTap(wt, 0, ci, co, cin, cout, transposed);
      const g1 = filterTap(wt, 1, ci, co, cin, cout, transposed);
      const g2 = filterTap(wt, 2, ci, co, cin, cout, transposed);
      const g3 = filterTap(wt, 3, ci, co, cin, cout, transposed);
      const g4 = filterTap(wt, 4, ci, co, cin, cout, transposed);
      const g5 = filterTap(wt, 5, ci, co, cin, cout, transposed);
      const g6 = filterTap(wt, 6, ci, co, cin, cout, transposed);
      const g7 = filterTap(wt, 7, ci, co, cin, cout, transposed);
      const g8 = filterTap(wt, 8, ci, co, cin, cout, transposed);
      const out = u + (<usize> (ci * cout + co) << 2);
      // Rows of G g: g_row0, ½(r0 + r1 + r2), ½(r0 − r1 + r2), r2, for each of the 3 columns.
      const t00 = g0, t01 = g1, t02 = g2;
      const t10: f32 = 0.5 * (g0 + g3 + g6), t11: f32 = 0.5 * (g1 + g4 + g7);
      const t12: f32 = 0.5 * (g2 + g5 + g8);
      const t20: f32 = 0.5 * (g0 - g3 + g6), t21: f32 = 0.5 * (g1 - g4 + g7);
      const t22: f32 = 0.5 * (g2 - g5 + g8);
      const t30 = g6, t31 = g7, t32 = g8;
      storeTimesGt(t00, t01, t02, out, plane);
      storeTimesGt(t10, t11, t12, out + 4 * plane, plane);
      storeTimesGt(t20, t21, t22, out + 8 * plane, plane);
      storeTimesGt(t30, t31, t32, out + 12 * plane, plane);
    }
  }
}

/** Tap `k` = 3·ky + kx of channel pair (`ci`, `co`), as {@link filterTransform} reads `wt`. */
function filterTap(
  wt: usize,
  k: i32,
  ci: i32,
  co: i32,
  cin: i32,
  cout: i32,
  transposed: i32,
): f32 {
  const at = transposed ? ((8 - k) * cout + co) * cin + ci : (k * cin + ci) * cout + co;
  return load<f32>(wt + (<usize> at << 2));
}

/** Store one row `(a, b, c)` times Gᵀ, `(a, ½(a + b + c), ½(a − b + c), c)`, at j·`plane`. */
function storeTimesGt(a: f32, b: f32, c: f32, dst: usize, plane: usize): void {
  store<f32>(dst, a);
  store<f32>(dst + plane, <f32> 0.5 * (a + b + c));
  store<f32>(dst + 2 * plane, <f32> 0.5 * (a - b + c));
  store<f32>(dst + 3 * plane, c);
}

/**
 * Four lanes of a chunk's products `[16, tiles, cout]` (planes {@link planeFloats} apart) at
 * ξ = 4i + j, tile `t`, channel `co`.
 */
function productAt(m: usize, i: i32, j: i32, t: i32, tiles: i32, cout: i32, co: i32): v128 {
  return v128.load(m + (<usize> ((i * 4 + j) * planeFloats(tiles, cout) + t * cout + co) << 2));
}

/**
 * `y = Aᵀ M A` of tile `t` of the chunk's products `m` into the output `y` `[batch, oh, ow, cout]`
 * at image `b`, rows `oy0, oy0 + 1`, columns `ox0, ox0 + 1` (those inside the output).
 */
function outputTransform(
  m: usize,
  y: usize,
  t: i32,
  tiles: i32,
  cout: i32,
  b: i32,
  oy0: i32,
  ox0: i32,
  oh: i32,
  ow: i32,
): void {
  const both = ox0 + 1 < ow;
  const second = oy0 + 1 < oh;
  const row0 = y + (<usize> (((b * oh + oy0) * ow + ox0) * cout) << 2);
  const row1 = row0 + (<usize> (ow * cout) << 2);
  const next = <usize> cout << 2;
  for (let co = 0; co < cout; co += 4) {
    // Rows of Aᵀ M: m0 + m1 + m2 and m1 − m2 − m3, per column j.
    const m00 = productAt(m, 0, 0, t, tiles, cout, co);
    const m01 = productAt(m, 0, 1, t, tiles, cout, co);
    const m02 = productAt(m, 0, 2, t, tiles, cout, co);
    const m03 = productAt(m, 0, 3, t, tiles, cout, co);
    const m10 = productAt(m, 1, 0, t, tiles, cout, co);
    const m11 = productAt(m, 1, 1, t, tiles, cout, co);
    const m12 = productAt(m, 1, 2, t, tiles, cout, co);
    const m13 = productAt(m, 1, 3, t, tiles, cout, co);
    const m20 = productAt(m, 2, 0, t, tiles, cout, co);
    const m21 = productAt(m, 2, 1, t, tiles, cout, co);
    const m22 = productAt(m, 2, 2, t, tiles, cout, co);
    const m23 = productAt(m, 2, 3, t, tiles, cout, co);
    const m30 = productAt(m, 3, 0, t, tiles, cout, co);
    const m31 = productAt(m, 3, 1, t, tiles, cout, co);
    const m32 = productAt(m, 3, 2, t, tiles, cout, co);
    const m33 = productAt(m, 3, 3, t, tiles, cout, co);
    const a0 = f32x4.add(f32x4.add(m00, m10), m20);
    const a1 = f32x4.add(f32x4.add(m01, m11), m21);
    const a2 = f32x4.add(f32x4.add(m02, m12), m22);
    const a3 = f32x4.add(f32x4.add(m03, m13), m23);
    const e0 = f32x4.sub(f32x4.sub(m10, m20), m30);
    const e1 = f32x4.sub(f32x4.sub(m11, m21), m31);
    const e2 = f32x4.sub(f32x4.sub(m12, m22), m32);
    const e3 = f32x4.sub(f32x4.sub(m13, m23), m33);
    const at = <usize> co << 2;
    v128.store(row0 + at, f32x4.add(f32x4.add(a0, a1), a2));
    if (both) v128.store(row0 + next + at, f32x4.sub(f32x4.sub(a1, a2), a3));
    if (second) {
      v128.store(row1 + at, f32x4.add(f32x4.add(e0, e1), e2));
      if (both) v128.store(row1 + next + at, f32x4.sub(f32x4.sub(e1, e2), e3));
    }
  }
}

/**
 * `V = Bᵀ d B` of tiles `t0..t0+tiles` (tile index = (b·th + ty)·tw + tx, its input tile at
 * (2·ty − top, 2·tx − left)) into the chunk's `v`, each gathered through `patch`.
 */
function transformInputChunk(
  x: usize,
  v: usize,
  patch: usize,
  t0: i32,
  tiles: i32,
  th: i32,
  tw: i32,
  h: i32,
  w: i32,
  cin: i32,
  top: i32,
  left: i32,
): void {
  for (let t = 0; t < tiles; t++) {
    const index = t0 + t;
    const b = index / (th * tw);
    const rest = index - b * th * tw;
    const ty = rest / tw;
    const tx = rest - ty * tw;
    gatherPatch(x, patch, b, 2 * ty - top, 2 * tx - left, h, w, cin);
    inputTransform(patch, v, t, tiles, cin);
  }
}

/**
 * A 3×3, stride-1 `Conv2D`, NHWC, by Winograd F(2×2, 3×3): `y[b, oy, ox, co] = Σ x[b, oy + ky −
 * top, ox + kx − left, ci] · g[ky, kx, ci, co]`, zero outside `x`, for any `top`, `left` and
 * output size. `g` is `wt` as {@link filterTransform} reads it (`transposed` 1: the input gradient
 * of a convolution with filter `wt`). `cin` and `cout` are multiples of 4; `scratch` holds
 * {@link winogradScratchBytes}`(cin, cout)` bytes, 16-byte aligned.
 */
export function winogradConv2d(
  x: usize,
  wt: usize,
  y: usize,
  batch: i32,
  h: i32,
  w: i32,
  cin: i32,
  oh: i32,
  ow: i32,
  cout: i32,
  top: i32,
  left: i32,
  transposed: i32,
  scratch: usize,
): void {
  const packed = winogradPart(scratch, cin, cout, WG_PACKED);
  const sums = winogradPart(scratch, cin, cout, WG_SUMS);
  const v = winogradPart(scratch, cin, cout, WG_V);
  const products = winogradPart(scratch, cin, cout, WG_PRODUCTS);
  const patch = winogradPart(scratch, cin, cout, WG_PATCH);
  const gemmScratch = winogradPart(scratch, cin, cout, WG_GEMM);
  const packedFloats = packedBFloats(cout, cin);
  filterTransform(wt, sums, cin, cout, transposed);
  for (let xi = 0; xi < 16; xi++) {
    const u = sums + (<usize> (xi * cin * cout) << 2);
    packAllB(packed + (<usize> (xi * packedFloats) << 2), cout, cin, u, cout, 1);
  }
  const th = (oh + 1) >> 1;
  const tw = (ow + 1) >> 1;
  const total = batch * th * tw;
  for (let t0 = 0; t0 < total; t0 += WG_TILES) {
    const tiles = min(WG_TILES, total - t0);
    transformInputChunk(x, v, patch, t0, tiles, th, tw, h, w, cin, top, left);
    for (let xi = 0; xi < 16; xi++) {
      gemmPackedB(
        tiles,
        cout,
        cin,
        v + (<usize> (xi * planeFloats(tiles, cin)) << 2),
        cin,
        1,
        packed + (<usize> (xi * packedFloats) << 2),
        products + (<usize> (xi * planeFloats(tiles, cout)) << 2),
        cout,
        0,
        gemmScratch,
      );
    }
    for (let t = 0; t < tiles; t++) {
      const index = t0 + t;
      const b = index / (th * tw);
      const rest = index - b * th * tw;
      const ty = rest / tw;
      const tx = rest - ty * tw;
      outputTransform(products, y, t, tiles, cout, b, 2 * ty, 2 * tx, oh, ow);
    }
  }
}

/** Four lanes of `dy` `[batch, oh, ow, cout]` at (b, oy, ox, co), zero outside it. */
function gradAt(
  dy: usize,
  b: i32,
  oy: i32,
  ox: i32,
  oh: i32,
  ow: i32,
  cout: i32,
  co: i32,
): v128 {
  if (oy >= oh || ox >= ow) return f32x4.splat(0);
  return v128.load(dy + (<usize> (((b * oh + oy) * ow + ox) * cout + co) << 2));
}

/** Store one row `(a, b)` times Aᵀ, `(a, a + b, a − b, −b)`, at j·`plane`. */
function storeTimesAt(a: v128, b: v128, dst: usize, plane: usize): void {
  v128.store(dst, a);
  v128.store(dst + plane, f32x4.add(a, b));
  v128.store(dst + 2 * plane, f32x4.sub(a, b));
  v128.store(dst + 3 * plane, f32x4.neg(b));
}

/**
 * `Z = A dY Aᵀ` of the 2×2 output-gradient tile of image `b` at (`oy0`, `ox0`) into row `t` of
 * the chunk's `z` `[16, tiles, cout]` (planes {@link planeFloats} apart); positions past the
 * output count as zero.
 */
function gradTransform(
  dy: usize,
  z: usize,
  t: i32,
  tiles: i32,
  b: i32,
  oy0: i32,
  ox0: i32,
  oh: i32,
  ow: i32,
  cout: i32,
): void {
  const plane = <usize> planeFloats(tiles, cout) << 2;
  for (let co = 0; co < cout; co += 4) {
    const d00 = gradAt(dy, b, oy0, ox0, oh, ow, cout, co);
    const d01 = gradAt(dy, b, oy0, ox0 + 1, oh, ow, cout, co);
    const d10 = gradAt(dy, b, oy0 + 1, ox0, oh, ow, cout, co);
    const d11 = gradAt(dy, b, oy0 + 1, ox0 + 1, oh, ow, cout, co);
    const out = z + (<usize> (t * cout + co) << 2);
    // Rows of A dY: d0, d0 + d1, d0 − d1, −d1 (per column), each then times Aᵀ.
    storeTimesAt(d00, d01, out, plane);
    storeTimesAt(f32x4.add(d00, d10), f32x4.add(d01, d11), out + 4 * plane, plane);
    storeTimesAt(f32x4.sub(d00, d10), f32x4.sub(d01, d11), out + 8 * plane, plane);
    storeTimesAt(f32x4.neg(d10), f32x4.neg(d11), out + 12 * plane, plane);
  }
}

/**
 * The filter gradient of {@link winogradConv2d} (`transposed` 0): `dw[ky, kx, ci, co] =
 * Σ_{b, oy, ox} x[b, oy + ky − top, ox + kx − left, ci] · dy[b, oy, ox, co]`, as
 * `Gᵀ [Σ_tiles V ⊙ (A dY Aᵀ)] G` with the 16 sums the GEMMs `V[ξ]ᵀ · Z[ξ]`
 * `[cin, tiles] · [tiles, cout]` over chunks of tiles. Channels and `scratch` as there.
 */
export function winogradFilterGrad(
  x: usize,
  dy: usize,
  dw: usize,
  batch: i32,
  h: i32,
  w: i32,
  cin: i32,
  oh: i32,
  ow: i32,
  cout: i32,
  top: i32,
  left: i32,
  scratch: usize,
): void {
  const sums = winogradPart(scratch, cin, cout, WG_SUMS);
  const v = winogradPart(scratch, cin, cout, WG_V);
  const products = winogradPart(scratch, cin, cout, WG_PRODUCTS);
  const patch = winogradPart(scratch, cin, cout, WG_PATCH);
  const gemmScratch = winogradPart(scratch, cin, cout, WG_GEMM);
  memory.fill(sums, 0, <usize> (16 * cin * cout) << 2);
  const th = (oh + 1) >> 1;
  const tw = (ow + 1) >> 1;
  const total = batch * th * tw;
  for (let t0 = 0; t0 < total; t0 += WG_TILES) {
    const tiles = min(WG_TILES, total - t0);
    transformInputChunk(x, v, patch, t0, tiles, th, tw, h, w, cin, top, left);
    for (let t = 0; t < tiles; t++) {
      const index = t0 + t;
      const b = index / (th * tw);
      const rest = index - b * th * tw;
      const ty = rest / tw;
      gradTransform(dy, products, t, tiles, b, 2 * ty, 2 * (rest - ty * tw), oh, ow, cout);
    }
    for (let xi = 0; xi < 16; xi++) {
      gemm(
        cin,
        cout,
        tiles,
        v + (<usize> (xi * planeFloats(tiles, cin)) << 2),
        1,
        cin,
        products + (<usize> (xi * planeFloats(tiles, cout)) << 2),
        cout,
        1,
        sums + (<usize> (xi * cin * cout) << 2),
        cout,
        1,
        gemmScratch,
      );
    }
  }
  filterGradTransform(sums, dw, cin, cout);
}

/** Four lanes of the sums `[16, cin, cout]` at ξ = 4i + j, row `ci`, channel `co`. */
function sumAt(s: usize, i: i32, j: i32, ci: i32, cin: i32, cout: i32, co: i32): v128 {
  return v128.load(s + (<usize> (((i * 4 + j) * cin + ci) * cout + co) << 2));
}

/** Store one row `(a, b, c, d)` times G, `(a + ½(b + c), ½(b − c), ½(b + c) + d)`, at `dst`. */
function storeTimesG(a: v128, b: v128, c: v128, d: v128, dst: usize, tap: usize): void {
  const half = f32x4.splat(0.5);
  const mean = f32x4.mul(half, f32x4.add(b, c));
  v128.store(dst, f32x4.add(a, mean));
  v128.store(dst + tap, f32x4.mul(half, f32x4.sub(b, c)));
  v128.store(dst + 2 * tap, f32x4.add(mean, d));
}

/** `dw[ky, kx, ci, co] = (Gᵀ S G)[ky, kx]` of the sums `s` `[16, cin, cout]`. */
function filterGradTransform(s: usize, dw: usize, cin: i32, cout: i32): void {
  const tap = <usize> (cin * cout) << 2; // from (ky, kx) to (ky, kx + 1) in dw
  const half = f32x4.splat(0.5);
  for (let ci = 0; ci < cin; ci++) {
    for (let co = 0; co < cout; co += 4) {
      const out = dw + (<usize> (ci * cout + co) << 2);
      // Rows of Gᵀ S: s0 + ½(s1 + s2), ½(s1 − s2), ½(s1 + s2) + s3 (per column j).
      const s00 = sumAt(s, 0, 0, ci, cin, cout, co);
      const s01 = sumAt(s, 0, 1, ci, cin, cout, co);
      const s02 = sumAt(s, 0, 2, ci, cin, cout, co);
      const s03 = sumAt(s, 0, 3, ci, cin, cout, co);
      const s10 = sumAt(s, 1, 0, ci, cin, cout, co);
      const s11 = sumAt(s, 1, 1, ci, cin, cout, co);
      const s12 = sumAt(s, 1, 2, ci, cin, cout, co);
      const s13 = sumAt(s, 1, 3, ci, cin, cout, co);
      const s20 = sumAt(s, 2, 0, ci, cin, cout, co);
      const s21 = sumAt(s, 2, 1, ci, cin, cout, co);
      const s22 = sumAt(s, 2, 2, ci, cin, cout, co);
      const s23 = sumAt(s, 2, 3, ci, cin, cout, co);
      const s30 = sumAt(s, 3, 0, ci, cin, cout, co);
      const s31 = sumAt(s, 3, 1, ci, cin, cout, co);
      const s32 = sumAt(s, 3, 2, ci, cin, cout, co);
      const s33 = sumAt(s, 3, 3, ci, cin, cout, co);
      const p0 = f32x4.mul(half, f32x4.add(s10, s20));
      const p1 = f32x4.mul(half, f32x4.add(s11, s21));
      const p2 = f32x4.mul(half, f32x4.add(s12, s22));
      const p3 = f32x4.mul(half, f32x4.add(s13, s23));
      storeTimesG(
        f32x4.add(s00, p0),
        f32x4.add(s01, p1),
        f32x4.add(s02, p2),
        f32x4.add(s03, p3),
        out,
        tap,
      );
      storeTimesG(
        f32x4.mul(half, f32x4.sub(s10, s20)),
        f32x4.mul(half, f32x4.sub(s11, s21)),
        f32x4.mul(half, f32x4.sub(s12, s22)),
        f32x4.mul(half, f32x4.sub(s13, s23)),
        out + 3 * tap,
        tap,
      );
      storeTimesG(
        f32x4.add(p0, s30),
        f32x4.add(p1, s31),
        f32x4.add(p2, s32),
        f32x4.add(p3, s33),
        out + 6 * tap,
        tap,
      );
    }
  }
}

/**
 * `LeakyRelu`: `y = x < 0 ? α·x : x` for `count` floats, tfjs-backend-wasm's own rule (the same
 * bits, NaN and −0 included) four lanes at a time.
 */
export function leakyRelu(x: usize, y: usize, count: i32, alpha: f32): void {
  const zero = f32x4.splat(0);
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize> i << 2;
    const v = v128.load(x + at);
    v128.store(y + at, v128.bitselect(f32x4.mul(v, a), v, f32x4.lt(v, zero)));
  }
  for (; i < count; i++) {
    const at = <usize> i << 2;
    const v = load<f32>(x + at);
    store<f32>(y + at, v < 0 ? alpha * v : v);
  }
}
