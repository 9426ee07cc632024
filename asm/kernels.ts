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
/** Rows of the inner dimension packed per pass (the packed B panels stay in L2). */
const KC: i32 = 256;

/** `a·b + c` per lane: fused where the build has relaxed SIMD, else a multiply and an add. */
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Whether this build fuses multiply-adds (1) or not (0). */
export function relaxed(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}

/**
 * Peak throughput loop in the GEMM's form `c += a·b`: `iterations` rounds of 12 independent vector
 * multiply-adds (8 FLOP each), as many accumulators as leave room for the operands in x64's 16
 * vector registers. Returns a lane sum so that nothing is optimised away.
 */
export function peak(iterations: i32, seed: f32): f32 {
  const a = f32x4.splat(seed);
  const b = f32x4.splat(1e-3);
  let c0 = f32x4.splat(0);
  let c1 = c0;
  let c2 = c0;
  let c3 = c0;
  let c4 = c0;
  let c5 = c0;
  let c6 = c0;
  let c7 = c0;
  let c8 = c0;
  let c9 = c0;
  let c10 = c0;
  let c11 = c0;
  for (let i = 0; i < iterations; i++) {
    c0 = madd(a, b, c0);
    c1 = madd(a, b, c1);
    c2 = madd(a, b, c2);
    c3 = madd(a, b, c3);
    c4 = madd(a, b, c4);
    c5 = madd(a, b, c5);
    c6 = madd(a, b, c6);
    c7 = madd(a, b, c7);
    c8 = madd(a, b, c8);
    c9 = madd(a, b, c9);
    c10 = madd(a, b, c10);
    c11 = madd(a, b, c11);
  }
  let s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(c4, c5));
  s = f32x4.add(s, f32x4.add(f32x4.add(f32x4.add(c6, c7), f32x4.add(c8, c9)), f32x4.add(c10, c11)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) +
    f32x4.extract_lane(s, 3);
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
  for (let kk = 0; kk < kc; kk++) {
    for (let j = 0; j < NR; j++) {
      const col = j0 + j;
      const v: f32 = col < n ? load<f32>(b + (<usize> ((k0 + kk) * sbk + col * sbn) << 2)) : 0;
      store<f32>(bp + (<usize> (kk * NR + j) << 2), v);
    }
  }
}

/** C tile `[MR, NR]` at `c` (row stride `ldc` elements) += packed A panel · packed B panel. */
function tile(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32): void {
  const row = <usize> ldc << 2;
  const c1p = c + row;
  const c2p = c1p + row;
  const c3p = c2p + row;
  const c4p = c3p + row;
  const c5p = c4p + row;
  let c00 = v128.load(c);
  let c01 = v128.load(c, 16);
  let c10 = v128.load(c1p);
  let c11 = v128.load(c1p, 16);
  let c20 = v128.load(c2p);
  let c21 = v128.load(c2p, 16);
  let c30 = v128.load(c3p);
  let c31 = v128.load(c3p, 16);
  let c40 = v128.load(c4p);
  let c41 = v128.load(c4p, 16);
  let c50 = v128.load(c5p);
  let c51 = v128.load(c5p, 16);
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
 * One pass of the inner dimension: C `[m, n]` += A(:, k0..k0+kc) · B(k0..k0+kc, :), packing both
 * operands first. Edge tiles go through a `[MR, NR]` buffer.
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
  scratch: usize,
): void {
  const panelsB = (n + NR - 1) / NR;
  const ap = scratch;
  const bp = ap + (<usize> (KC * MR) << 2);
  const edge = bp + (<usize> (KC * NR * panelsB) << 2);
  for (let p = 0; p < panelsB; p++) {
    packB(bp + (<usize> (p * KC * NR) << 2), n, kc, b, sbk, sbn, p * NR, k0);
  }
  for (let i0 = 0; i0 < m; i0 += MR) {
    packA(ap, m, kc, a, sai, sak, i0, k0);
    const rows = min(MR, m - i0);
    for (let p = 0; p < panelsB; p++) {
      const j0 = p * NR;
      const cols = min(NR, n - j0);
      const panel = bp + (<usize> (p * KC * NR) << 2);
      const ct = c + (<usize> (i0 * ldc + j0) << 2);
      if (rows == MR && cols == NR) {
        tile(ap, panel, kc, ct, ldc);
        continue;
      }
      zeroFloats(edge, MR * NR);
      tile(ap, panel, kc, edge, NR);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const at = ct + (<usize> (i * ldc + j) << 2);
          store<f32>(at, load<f32>(at) + load<f32>(edge + (<usize> (i * NR + j) << 2)));
        }
      }
    }
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
  if (!accumulate) {
    if (ldc == n) memory.fill(c, 0, <usize> (m * n) << 2);
    else for (let i = 0; i < m; i++) zeroFloats(c + (<usize> (i * ldc) << 2), n);
  }
  for (let k0 = 0; k0 < k; k0 += KC) {
    gemmPass(m, n, min(KC, k - k0), k0, a, sai, sak, b, sbk, sbn, c, ldc, scratch);
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
  for (let k0 = 0; k0 < positions; k0 += KC) {
    const kc = min(KC, positions - k0);
    im2col(x, cols, k0, kc, h, w, cin, oh, ow, fh, fw, sh, sw, top, left);
    // A(i, k) = cols[k, i] and B = dy from the chunk's first position on: inner offset 0.
    const dyChunk = dy + (<usize> (k0 * cout) << 2);
    gemmPass(m, cout, kc, 0, cols, 1, m, dyChunk, cout, 1, dw, cout, packScratch);
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
  memory.fill(dx, 0, <usize> (batch * h * w * c) << 2);
  const vectors = (c & 3) == 0;
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

/**
 * `Conv2DBackpropInput`, NHWC: `dx[b, iy, ix, ci] = Σ dy[b, oy, ox, co] · w[ky, kx, ci, co]` over
 * `iy = oy·sh + ky − top`, `ix = ox·sw + kx − left`. Per block of KC output positions, the GEMM
 * `dy · wᵀ` `[KC, cout] · [cout, fh·fw·cin]` gives each position's contribution to its window,
 * which is then added into `dx` (col2im). `scratch` holds {@link gemmScratchBytes}`(fh·fw·cin,
 * fh·fw·cin)` bytes.
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
  const panelsB = (m + NR - 1) / NR;
  const cols = scratch + (<usize> (KC * MR + KC * NR * panelsB + MR * NR) << 2);
  memory.fill(dx, 0, <usize> (batch * h * w * cin) << 2);
  for (let p0 = 0; p0 < positions; p0 += KC) {
    const rows = min(KC, positions - p0);
    // cols[r, (ky, kx, ci)] = Σ_co dy[p0 + r, co] · w[ky, kx, ci, co]: A = dy rows, B = wᵀ.
    const dyBlock = dy + (<usize> (p0 * cout) << 2);
    for (let k0 = 0; k0 < cout; k0 += KC) {
      const kc = min(KC, cout - k0);
      if (k0 == 0) {
        memory.fill(cols, 0, <usize> (rows * m) << 2);
      }
      gemmPass(rows, m, kc, k0, dyBlock, cout, 1, wt, 1, cout, cols, m, scratch);
    }
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
  for (let p0 = 0; p0 < positions; p0 += KC) {
    const rows = min(KC, positions - p0);
    im2col(x, cols, p0, rows, h, w, cin, oh, ow, fh, fw, sh, sw, top, left);
    gemm(rows, cout, m, cols, m, 1, wt, cout, 1, y + (<usize> (p0 * cout) << 2), cout, 0, scratch);
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
