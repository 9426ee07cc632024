import assert from "node:assert/strict";
import { seededRandom } from "../backend/mod.ts";
import { instantiateSimd } from "./_simd.ts";

Deno.test("instantiateSimd() does decline a shared memory, which the threaded backend uses", () => {
  const shared = new WebAssembly.Memory({ initial: 16, maximum: 64, shared: true });
  assert.equal(instantiateSimd(shared, "plain"), undefined);
});

/** Worst |got − want| over the largest |want|, the want computed in float64. */
function worstRelative(got: Float32Array, want: Float64Array): number {
  let magnitude = 0;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    magnitude = Math.max(magnitude, Math.abs(want[i]));
    worst = Math.max(worst, Math.abs(got[i] - want[i]));
  }
  return worst / (magnitude || 1);
}

Deno.test("instantiateSimd() does give a gemm that matches float64 over shapes, transposes and builds", () => {
  const memory = new WebAssembly.Memory({ initial: 256 });
  const next = seededRandom(7);
  const pick = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  for (const mode of ["plain", "relaxed"] as const) {
    const simd = instantiateSimd(memory, mode);
    if (!simd) continue; // this V8 lacks relaxed SIMD: the plain build runs
    assert.equal(simd.relaxed(), mode === "relaxed" ? 1 : 0);
    for (let trial = 0; trial < 24; trial++) {
      const [m, n, k] = [pick(1, 40), pick(1, 40), pick(1, 700)];
      const aRowMajor = next() < 0.5; // A stored [m, k] (else [k, m])
      const bRowMajor = next() < 0.5; // B stored [k, n] (else [n, k])
      const accumulate = trial % 3 === 0 ? 1 : 0;
      const heap = new Float32Array(memory.buffer);
      const [a, b, c] = [0, m * k, m * k + k * n].map((o) => 1024 + 4 * o);
      const scratch = (c + 4 * m * n + 64) & ~15;
      assert.ok(scratch + simd.gemmScratchBytes(0, n) < memory.buffer.byteLength);
      for (let i = 0; i < m * k + k * n + m * n; i++) heap[256 + i] = next() * 2 - 1;
      const A = (i: number, p: number) => heap[a / 4 + (aRowMajor ? i * k + p : p * m + i)];
      const B = (p: number, j: number) => heap[b / 4 + (bRowMajor ? p * n + j : j * k + p)];
      const want = new Float64Array(m * n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = accumulate ? heap[c / 4 + i * n + j] : 0;
          for (let p = 0; p < k; p++) s += A(i, p) * B(p, j);
          want[i * n + j] = s;
        }
      }
      simd.gemm(
        m,
        n,
        k,
        a,
        aRowMajor ? k : 1,
        aRowMajor ? 1 : m,
        b,
        bRowMajor ? n : 1,
        bRowMajor ? 1 : k,
        c,
        n,
        accumulate,
        scratch,
      );
      const got = new Float32Array(memory.buffer, c, m * n);
      const worst = worstRelative(got, want);
      assert.ok(worst <= 1e-5, `${mode} [${m}, ${k}]·[${k}, ${n}]: worst relative ${worst}`);
    }
  }
});

Deno.test("instantiateSimd() does give a peak loop that computes its tile, from zero on each call", () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  for (const mode of ["plain", "relaxed"] as const) {
    const simd = instantiateSimd(memory, mode);
    if (!simd) continue;
    const floats = simd.peakBufferBytes() / 4;
    const heap = new Float32Array(memory.buffer, 0, floats);
    // A panel of 32 rounds × 6 rows then B of 32 × 8: A row 0 is 2 and B column 0 is 0.25, so C's
    // first element gains 32 · 0.5 per tile call, 16 calls for 512 rounds.
    heap.fill(1);
    for (let k = 0; k < 32; k++) [heap[6 * k], heap[192 + 8 * k]] = [2, 0.25];
    assert.equal(simd.peak(512, 0), 16 * 32 * 0.5);
    assert.equal(simd.peak(512, 0), 256, "a second call starts from zero too");
  }
});
