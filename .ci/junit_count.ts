// Prints "N passed, N failed" (and ", N skipped") from a JUnit report written by `deno test`.
const path = Deno.args[0] ?? "results/junit.xml";
const xml = await Deno.readTextFile(path).catch(() => {
  console.error(`No JUnit report at ${path}: the test run did not finish`);
  Deno.exit(1);
});
const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
const failed = cases.filter((c) => /<(failure|error)\b/.test(c)).length;
const skipped = cases.filter((c) => /<skipped\b/.test(c)).length;
const passed = cases.length - failed - skipped;
const seconds = xml.match(/<testsuites\b[^>]*\btime="([\d.]+)"/)?.[1];
if (seconds) console.log(`deno test ran ${Math.round(Number(seconds))} s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
