import assert from "node:assert/strict";
import { type Claim, defineClaim, type Scale, type ScaleSetup } from "../claims/mod.ts";
import { RECORD_KEYS, type ResultRecord } from "../results/mod.ts";
import { campaignSeeds, isShared, planCampaign } from "./plan_campaign.ts";
import { estimateSeedSeconds, workRatio } from "./estimate_cost.ts";
import { formatPlan } from "./format_plan.ts";

type Config = { epochs: number; trainImages: number };

function claim(id: string, full: Partial<ScaleSetup<Config>> = {}): Claim<Config> {
  const quick: ScaleSetup<Config> = {
    config: { epochs: 2, trainImages: 100 },
    seeds: [0, 1],
    bands: [],
    expect: "reproduced",
  };
  return defineClaim<Config>({
    id,
    section: id.slice(0, id.indexOf("-")),
    statement: id,
    report: {},
    scales: {
      quick,
      full: { ...quick, config: { epochs: 20, trainImages: 1000 }, seeds: [0, 1, 2], ...full },
    },
    run: () => Promise.resolve({ metrics: {} }),
  });
}

function record(
  id: string,
  scale: Scale,
  fields: Partial<ResultRecord> & { code?: string } = {},
): ResultRecord {
  const seeds = fields.seeds ?? [0, 1, 2];
  const base = Object.fromEntries(RECORD_KEYS.map((key) => [key, null])) as never as ResultRecord;
  return {
    ...base,
    claim: id,
    scale,
    verdict: "reproduced",
    seeds,
    config: scale === "full" ? { epochs: 20, trainImages: 1000 } : { epochs: 2, trainImages: 100 },
    versions: { tfjs: "4.22.0", ...(fields.code === null ? {} : { code: fields.code ?? "v1" }) },
    metrics: { x: { mean: 0, std: 0, min: 0, max: 0, values: seeds.map(() => 0) } },
    wallSeconds: 30,
    ...fields,
  } as ResultRecord;
}

const CLAIMS = [
  claim("4.1-current"),
  claim("4.1-other-config"),
  claim("4.1-old-code"),
  claim("4.1-few-seeds"),
  claim("4.1-cut"),
  claim("4.1-missing"),
  claim("4.1-no-record-at-all"),
  claim("4.1-exact", { config: { epochs: 2, trainImages: 100 }, seeds: [0, 1] }),
  claim("4.1-skipped", { expect: "skipped", reason: "Needs a GPU" }),
];
const CODE = new Map(CLAIMS.map((c) => [c.id, "v1"]));
const RECORDS = [
  record("4.1-current", "full"),
  record("4.1-other-config", "full", { config: { epochs: 5, trainImages: 1000 }, wallSeconds: 3 }),
  record("4.1-old-code", "full", { code: "v0", wallSeconds: 300 }),
  record("4.1-few-seeds", "full", { seeds: [0], wallSeconds: 50 }),
  record("4.1-cut", "full", {
    metrics: { x: { mean: 0, std: 0, min: 0, max: 0, values: [0] } },
    wallSeconds: 20,
  }),
  record("4.1-missing", "quick", { seeds: [0, 1], wallSeconds: 2 }), // 1 s a quick seed
  record("4.1-exact", "quick", { config: { epochs: 2, trainImages: 100 }, seeds: [0, 1] }),
];

Deno.test("planCampaign() tells current, shared, stale, missing and skipped claims apart", () => {
  const plan = planCampaign(CLAIMS, { scale: "full", records: RECORDS, codeVersions: CODE });
  const by = Object.fromEntries(plan.map((e) => [e.claim, e]));
  assert.equal(by["4.1-current"].status, "current");
  assert.equal(by["4.1-exact"].status, "shared");
  assert.equal(by["4.1-skipped"].status, "skipped");
  assert.equal(by["4.1-missing"].status, "missing");
  assert.equal(by["4.1-no-record-at-all"].status, "missing");
  assert.deepEqual(by["4.1-other-config"].why, ["another config"]);
  assert.deepEqual(by["4.1-old-code"].why, ["code v0, now v1"]);
  assert.deepEqual(by["4.1-few-seeds"].why, ["1 of 3 seeds (lacks 1, 2)"]);
  assert.deepEqual(by["4.1-cut"].why, ["the run stopped before its last seed"]);
  const noCode = planCampaign([CLAIMS[0]], {
    scale: "full",
    records: [record("4.1-current", "full", { code: null as never })],
    codeVersions: CODE,
  });
  assert.deepEqual(noCode[0].why, ["no code version (recorded before versions.code)"]);
  const divergedAsExpected = record("4.1-cut", "full", {
    verdict: "not-reproduced",
    expected: "not-reproduced",
    metrics: { x: { mean: 0, std: 0, min: 0, max: 0, values: [0] } },
  });
  const [expected] = planCampaign([CLAIMS[4]], {
    scale: "full",
    records: [divergedAsExpected],
    codeVersions: CODE,
  });
  assert.equal(expected.status, "current");
});

Deno.test("planCampaign() puts the claims to run first, cheapest first, unknown cost last", () => {
  const plan = planCampaign(CLAIMS, {
    scale: "full",
    records: RECORDS,
    codeVersions: CODE,
    kept: new Map([["4.1-old-code", new Map([[0, 90], [2, 110]])]]),
  });
  // Per seed: other-config 1 s × 4 (epochs 5 → 20) = 4 s; cut 20/3 s; few-seeds 50 s;
  // old-code: two seeds kept, 90 and 110 s; missing: 1 s a quick seed × 10 images × 10 epochs.
  assert.deepEqual(plan.map((e) => [e.claim, Math.round(e.seconds ?? -1)]), [
    ["4.1-other-config", 12],
    ["4.1-cut", 20],
    ["4.1-old-code", 100],
    ["4.1-few-seeds", 150],
    ["4.1-missing", 300],
    ["4.1-no-record-at-all", -1],
    ["4.1-current", -1],
    ["4.1-exact", -1],
    ["4.1-skipped", -1],
  ]);
  const oldCode = plan.find((e) => e.claim === "4.1-old-code")!;
  assert.deepEqual(oldCode.kept, [0, 2]);
  assert.equal(oldCode.cost!.basis, "2 kept seeds of this run");
  assert.equal(
    plan.find((e) => e.claim === "4.1-missing")!.cost!.basis,
    "quick record × 100 (trainImages, epochs)",
  );
});

Deno.test("campaignSeeds() gives the cheap sections five seeds, the rest three, exact claims theirs", () => {
  assert.deepEqual(campaignSeeds(claim("2.1.9-cheap"), "full"), [0, 1, 2, 3, 4]);
  assert.deepEqual(
    campaignSeeds(claim("1.3.9-cheap", { seeds: [0, 1, 2, 3, 4, 5, 6, 7] }), "full"),
    [
      0,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
    ],
  );
  assert.deepEqual(campaignSeeds(claim("4.2-dear", { seeds: [0] }), "full"), [0, 1, 2]);
  const exact = claim("1.3.9-exact", { config: { epochs: 2, trainImages: 100 }, seeds: [0, 1] });
  assert.ok(isShared(exact));
  assert.deepEqual(campaignSeeds(exact, "full"), [0, 1]);
});

Deno.test("workRatio() multiplies images by the largest pass ratio", () => {
  assert.deepEqual(workRatio({ epochs: 5, lr: 1 }, { epochs: 50, lr: 2 }), {
    ratio: 10,
    fields: "epochs",
  });
  const dbm = workRatio(
    { trainImages: 1000, pretrainEpochs: 2, jointEpochs: 1, samples: 10 },
    { trainImages: 60000, pretrainEpochs: 10, jointEpochs: 10, samples: 5000 },
  );
  assert.equal(dbm.ratio, 600);
  assert.equal(workRatio({ widths: [10, 50, 200] }, { widths: [10, 50, 500] }).ratio, 560 / 260);
  assert.equal(workRatio({ models: ["a", "b"] }, { models: ["a", "b", "c", "d"] }).ratio, 2);
  // 4.3: the VAE's images × epochs grow 20×, the GAN trained beside it 200×.
  const vae = workRatio(
    { trainImages: 10_000, epochs: 15, gan: { trainImages: 10_000, epochs: 3 } },
    { trainImages: 60_000, epochs: 50, gan: { trainImages: 60_000, epochs: 100 } },
  );
  assert.equal(vae.ratio, 200);
  assert.equal(vae.fields, "trainImages, epochs, gan.trainImages, gan.epochs");
  assert.equal(workRatio({ gan: { epochs: 3 } }, { epochs: 2, gan: { epochs: 3 } }).ratio, 1);
  assert.equal(estimateSeedSeconds({ epochs: 1 }, {}), undefined);
});

Deno.test("formatPlan() ends with the campaign's CPU time, or says nothing is left", () => {
  const plan = planCampaign(CLAIMS, { scale: "full", records: RECORDS, codeVersions: CODE });
  const text = formatPlan(plan, { scale: "full", jobs: 2 });
  assert.match(
    text,
    /^ 1\. 4\.1-other-config +stale +seeds 0,1,2 ≈ 12 s \[4 s\/seed from full record/m,
  );
  assert.match(
    text,
    /^6 claims to run at full scale: estimated CPU time 13 min plus 1 of unknown cost, wall ≈ 7 min with --jobs 2$/m,
  );
  const resumed = planCampaign(CLAIMS, {
    scale: "full",
    records: RECORDS,
    codeVersions: CODE,
    kept: new Map([["4.1-other-config", new Map([[0, 5]])]]),
    partly: new Map([["4.1-other-config", [0, 2]]]),
  });
  assert.match(
    formatPlan(resumed, { scale: "full", jobs: 1 }),
    /^ 1\. 4\.1-other-config +stale +seeds 1,2 \(kept 0; 2 partly done\) ≈ 10 s \[5 s\/seed from 1 kept seed of this run\]/m,
  );
  const done = planCampaign([CLAIMS[0]], { scale: "full", records: RECORDS, codeVersions: CODE });
  assert.equal(
    formatPlan(done, { scale: "full", jobs: 1 }),
    "    4.1-current              current\nNothing left to run at full scale\n",
  );
});
