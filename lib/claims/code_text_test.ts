import assert from "node:assert/strict";
import { codeText } from "./code_text.ts";

Deno.test("codeText() leaves out comments, prose strings and seed lists", () => {
  const spec = (reason: string, why: string, seeds: string, comment: string) =>
    `// ${comment}\nconst full = {\n  config: { epochs: 150 }, /* ${comment} */\n` +
    `  seeds: ${seeds}, // ${comment}\n  reason: "${reason}" +\n    "${reason}",\n` +
    `  guards: [{ metric: "mse", min: 1000, why: "${why}" }],\n  statement: "${why}",\n};\n`;
  const before = codeText(spec("gave 3857", "measured 4168", "[0, 1]", "two seeds"));
  assert.equal(
    before,
    'const full = { config: { epochs: 150 }, seeds: [], guards: , statement: "", };',
  );
  assert.equal(codeText(spec("gave 5803", 'measured \\"4607\\"', "[0, 1, 2, 3, 4]", "x")), before);
  // A reason given to a scale that had none leaves the text as it was.
  assert.equal(
    codeText(
      spec("x", "measured 4168", "[0, 1]", "two seeds").replace(/ {2}reason[^\n]*\n[^\n]*\n/, ""),
    ),
    before,
  );
});

Deno.test("codeText() leaves out what judges a run: expect, bands, guards, Band constants", () => {
  const spec = (expect: string, min: number, band: string) =>
    `const ordering: Band = { metric: "gap", min: ${min}, why: "x" };\n` +
    `const extra: Band[] = ["a", "b"].map((m) => ({ metric: m, max: ${min} }));\n` +
    `const full = {\n  config: { epochs: 150, rows: [{ lag: 2 }] },\n  expect: "${expect}",\n` +
    `  bands: [ordering, ...extra${band}],\n  guards: [{ metric: "mse", min: ${min} }],\n};\n` +
    "export const claim = defineClaim({ scales: { full }, run: (c) => train(c, { epochs: 3 }) });";
  const base = codeText(spec("reproduced", 0.3, ""));
  assert.equal(
    base,
    "const ordering: Band = ; const extra: Band[] = ; const full = { config: { epochs: 150, rows: " +
      "[{ lag: 2 }] }, expect: , bands: , guards: , }; export const claim = defineClaim({ scales: " +
      "{ full }, run: (c) => train(c, { epochs: 3 }) });",
  );
  assert.equal(codeText(spec("not-reproduced", 0.5, ', { metric: "m", min: ")]" }')), base);
  // What computes still counts: the config, and the code after the judged parts.
  assert.notEqual(codeText(spec("reproduced", 0.3, "").replace("150", "200")), base);
  assert.notEqual(codeText(spec("reproduced", 0.3, "").replace("epochs: 3", "epochs: 4")), base);
});

Deno.test("codeText() keeps what computes: code, other strings, regexes, URLs in strings", () => {
  const base = 'const url = "https://example.org/a"; const re = /\\/\\/x"/g; const n = 2 / 3; // c';
  assert.equal(
    codeText(base),
    'const url = "https://example.org/a"; const re = /\\/\\/x"/g; const n = 2 / 3;',
  );
  for (
    const changed of [
      base.replace("2 / 3", "2 / 4"),
      base.replace("example.org", "example.com"),
      base.replace("/g", "/gi"),
      base + "\nconst metric = 'why: \"\"';",
      'const c = { kind: "mean", why: computeWhy() };',
      "const c = { seeds: QUICK_SEEDS };",
    ]
  ) {
    assert.notEqual(codeText(changed), codeText(base), changed);
  }
  assert.equal(codeText("const t = `a // b ${x}`;"), "const t = `a // b ${x}`;");
  assert.equal(codeText("const c = { seeds: QUICK_SEEDS };"), "const c = { seeds: QUICK_SEEDS };");
});
