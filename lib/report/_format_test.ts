import assert from "node:assert/strict";
import { formatNumber, formatSeeds, formatValue } from "./_format.ts";

Deno.test("formatValue() keeps the report's figures whole and drops a derived value's float noise", () => {
  assert.equal(formatValue(0.9915), "0.9915");
  assert.equal(formatValue(3139.49), "3139.49");
  assert.equal(formatValue(34826), "34,826");
  assert.equal(formatValue(0.9873 - 0.9838), "0.0035");
  assert.equal(formatValue(0.1 + 0.2), "0.3");
  assert.equal(formatValue(1.23456789012345), "1.23456789012");
  assert.equal(formatValue("[-0.06,-1,-0.06]"), "[-0.06,-1,-0.06]");
  assert.equal(formatValue(undefined), "—");
});

Deno.test("formatNumber() gives four significant digits, e-notation at the extremes", () => {
  assert.equal(formatNumber(0.123456), "0.1235");
  assert.equal(formatNumber(2.0e-7), "2.00e-7");
  assert.equal(formatNumber(12345), "12,345");
  assert.equal(formatNumber(Number.NaN), "NaN");
  assert.equal(formatNumber(null), "—");
});

Deno.test("formatSeeds() writes runs of three or more as ranges", () => {
  assert.equal(formatSeeds([0, 1, 2, 3, 7]), "0–3, 7");
  assert.equal(formatSeeds([0, 1, 5]), "0, 1, 5");
  assert.equal(formatSeeds([]), "");
});
