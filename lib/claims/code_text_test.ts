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
    'const full = { config: { epochs: 150 }, seeds: [], reason: "", guards: [{ metric: "mse", ' +
      'min: 1000, why: "" }], statement: "", };',
  );
  assert.equal(codeText(spec("gave 5803", 'measured \\"4607\\"', "[0, 1, 2, 3, 4]", "x")), before);
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
