// Test helpers: hand-made records from fixtures/records, copied into a fresh temporary folder.
import { join } from "node:path";
import type { ResultRecord } from "../results/mod.ts";
import type { ReportEntry } from "./claim_views.ts";

/** The committed fixture records: `quick/` and `full/`, as the results folder lays them out. */
export const FIXTURE_RECORDS = new URL("../../fixtures/records/", import.meta.url).pathname;

/** Catalogue entries for the fixture claims plus two claims with no record. */
export const FIXTURE_CATALOGUE: readonly ReportEntry[] = [
  entry("1.3.1-noise", "Final training MSE grows with the noise level"),
  entry("1.3.5-cnn-params", "The MNIST CNN has 34,826 trainable parameters"),
  entry("1.4.4-early-stopping", "Early stopping ends training well before 200 epochs"),
  entry("2.1.1-hopfield-2d", "2-neuron Hopfield net: most random starts reach a target"),
  entry("2.2.1-mlp-santafe", "MLP on the Santa Fe laser: lag 50 with 100 neurons best"),
  entry("3.3-attention", "Scaled dot-product attention rows sum to 1"),
  entry("4.2-gan-losses", "Vanilla GAN: final mean losses D ≈ 0.241, G ≈ 3.19"),
  entry("4.3-vae", "VAE samples cover all ten classes"),
];

function entry(id: string, statement: string): ReportEntry {
  const section = id.slice(0, id.indexOf("-"));
  return { id, exercise: Number(section[0]), section, statement };
}

/** Copy the fixture records into a new temporary results folder and return its path. */
export async function fixtureResults(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "anndl-report-" });
  await copyTree(FIXTURE_RECORDS, dir);
  return dir;
}

/** Read one fixture record. */
export async function fixtureRecord(scale: string, id: string): Promise<ResultRecord> {
  return JSON.parse(await Deno.readTextFile(join(FIXTURE_RECORDS, scale, `${id}.json`)));
}

/** Write a record (or any text) as `<dir>/<scale>/<name>.json`. */
export async function putRecord(
  dir: string,
  scale: string,
  name: string,
  record: ResultRecord | string,
): Promise<void> {
  await Deno.mkdir(join(dir, scale), { recursive: true });
  const text = typeof record === "string" ? record : JSON.stringify(record, null, 2);
  await Deno.writeTextFile(join(dir, scale, `${name}.json`), text);
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const item of Deno.readDir(from)) {
    const source = join(from, item.name);
    const target = join(to, item.name);
    if (item.isDirectory) await copyTree(source, target);
    else if (item.isFile) await Deno.copyFile(source, target);
  }
}
