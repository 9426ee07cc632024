import assert from "node:assert/strict";
import { join } from "node:path";
import { writeReport } from "./mod.ts";
import { FIXTURE_CATALOGUE, fixtureRecord, fixtureResults, putRecord } from "./_fixtures.ts";

async function results(): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await fixtureResults();
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

async function tree(dir: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const item of Deno.readDir(dir)) {
    const name = prefix + item.name;
    if (item.isDirectory) names.push(...await tree(join(dir, item.name), `${name}/`));
    else names.push(name);
  }
  return names.sort();
}

Deno.test("writeReport() writes index.html and SUMMARY.md under report/ only", async () => {
  await using tmp = await results();
  const before = await tree(tmp.dir);
  const written = await writeReport(tmp.dir, { catalogue: FIXTURE_CATALOGUE });
  assert.deepEqual(written.files, [
    join(tmp.dir, "report", "index.html"),
    join(tmp.dir, "report", "SUMMARY.md"),
  ]);
  assert.deepEqual(written.unreadable, []);
  assert.deepEqual(
    await tree(tmp.dir),
    [...before, "report/SUMMARY.md", "report/index.html"].sort(),
  );
  const html = await Deno.readTextFile(written.files[0]);
  assert.equal(html.match(/<article class="card/g)?.length, FIXTURE_CATALOGUE.length);
  assert.match(html, /<img src="data:image\/png;base64,iVBORw0KGgo/);
});

Deno.test("writeReport() names a malformed record and renders the rest", async () => {
  await using tmp = await results();
  await putRecord(tmp.dir, "quick", "3.3-attention", '{"claim": "3.3-attention"');
  const written = await writeReport(tmp.dir, { catalogue: FIXTURE_CATALOGUE });
  assert.equal(written.unreadable.length, 1);
  assert.equal(written.unreadable[0].path, join(tmp.dir, "quick", "3.3-attention.json"));
  const html = await Deno.readTextFile(written.files[0]);
  assert.match(html, /1 record file could not be read<\/b>/);
  assert.match(html, /3\.3-attention\.json<\/code>: Record 3\.3-attention\.json is not valid JSON/);
  assert.match(html, /data-claim="3\.3-attention" data-status="not-implemented"/);
  assert.match(html, /data-claim="2\.2\.1-mlp-santafe" data-status="not-reproduced"/);
  const summary = await Deno.readTextFile(written.files[1]);
  assert.match(summary, /unreadable record `.*3\.3-attention\.json`/);
});

Deno.test("writeReport() never reads or writes outside the results folder", async () => {
  await using tmp = await results();
  const outside = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(outside, "secret.png"), "not for the page");
    await Deno.symlink(join(outside, "secret.png"), join(tmp.dir, "quick", "link.png"));
    const record = await fixtureRecord("quick", "4.3-vae");
    record.claim = "../../escape";
    record.images = {
      parent: "../../secret.png",
      absolute: join(outside, "secret.png"),
      link: "link.png",
      text: "1.3.5-cnn-params.json",
    };
    await putRecord(tmp.dir, "quick", "odd", record);
    const written = await writeReport(tmp.dir, { catalogue: FIXTURE_CATALOGUE });
    assert.deepEqual(await tree(outside), ["secret.png"]);
    const html = await Deno.readTextFile(written.files[0]);
    assert.match(html, /parent: Image path &quot;\.\.\/\.\.\/secret\.png&quot; leaves/);
    assert.match(html, /absolute: Image path &quot;\/.*secret\.png&quot; leaves/);
    assert.match(html, /link: Image path &quot;link\.png&quot; leaves/);
    assert.match(html, /text: Image 1\.3\.5-cnn-params\.json is not a PNG file/);
    // The odd id is shown escaped, as a card of its own; it names no file.
    assert.match(html, /data-claim="\.\.\/\.\.\/escape"/);
  } finally {
    await Deno.remove(outside, { recursive: true });
  }
});
