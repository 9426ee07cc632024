import assert from "node:assert/strict";
import { type BandCheck, statementVerdicts, WHOLE_CLAIM } from "./mod.ts";

function check(metric: string, pass: boolean, statement?: string): BandCheck {
  return { metric, min: 0, why: "", statement, value: pass ? 1 : -1, pass };
}

Deno.test("statementVerdicts() does one verdict per band group in first-seen order", () => {
  const statements = statementVerdicts([
    check("attractorsFound", true, "attractors"),
    check("iterations", false, "iterations"),
    check("spurious", true, "attractors"),
  ]);
  assert.deepEqual(statements, [
    {
      statement: "attractors",
      reproduced: true,
      passed: 2,
      total: 2,
      metrics: ["attractorsFound", "spurious"],
    },
    { statement: "iterations", reproduced: false, passed: 0, total: 1, metrics: ["iterations"] },
  ]);
});

Deno.test("statementVerdicts() does put ungrouped bands under the whole claim", () => {
  const statements = statementVerdicts([check("a", true), check("b", false)]);
  assert.equal(statements.length, 1);
  assert.equal(statements[0].statement, WHOLE_CLAIM);
  assert.equal(statements[0].passed, 1);
});
