// The report page in a real browser: Debian's chromium driven by playwright-core. The page is
// built by `mod.ts report` from the fixture records (not from results/), so the test is
// deterministic; its screenshot lands in results/report/report-page.png for people to look at.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixtureResults } from "./_fixtures.ts";

// Debian's chromium by default; ANNDL_CHROMIUM names another build (e.g. google-chrome on CI hosts).
const CHROMIUM = Deno.env.get("ANNDL_CHROMIUM") ?? "/usr/bin/chromium";
const ROOT = new URL("../../", import.meta.url).pathname;
const SCREENSHOT = join(ROOT, "results", "report", "report-page.png");

const hasChromium = await Deno.stat(CHROMIUM).then((s) => s.isFile, () => false);

async function cli(...args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "mod.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  assert.equal(out.code, 0, `mod.ts ${args.join(" ")}: ${text.decode(out.stderr)}`);
  return text.decode(out.stdout);
}

Deno.test({
  name: hasChromium
    ? "report page in chromium: every claim card, drawn SVG marks, no console errors"
    : `report page in chromium — ignored: ${CHROMIUM} is missing (.ci/run installs Debian's chromium; ANNDL_CHROMIUM names another)`,
  ignore: !hasChromium,
  // Chromium runs as a child process with pipes that outlive single steps.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { chromium } = await import("playwright-core");
    const dir = await fixtureResults();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    try {
      await cli("report", "--results", dir);
      const ids = (JSON.parse(await cli("list", "--json")) as Array<{ id: string }>).map((e) =>
        e.id
      );
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") {
          problems.push(`${m.type()}: ${m.text()}`);
        }
      });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("request", (r) => {
        if (!/^(file|data):/.test(r.url())) problems.push(`network request: ${r.url()}`);
      });
      await page.goto(`file://${join(dir, "report", "index.html")}`, { waitUntil: "load" });

      const cards = await page.$$eval(
        "article.card",
        (els) => els.map((e) => [e.getAttribute("data-claim"), e.getAttribute("data-status")]),
      );
      assert.deepEqual(cards.map(([id]) => id), ids, "one card per catalogue claim, in order");
      const status = Object.fromEntries(cards);
      assert.equal(status["1.4.4-early-stopping"], "reproduced");
      assert.equal(status["2.2.1-mlp-santafe"], "not-reproduced");
      assert.equal(status["4.2-gan-losses"], "skipped");
      assert.equal(status["1.3.1-noise"], "not-implemented");

      // Every plot must have drawn something: a line or area path with a real outline on screen.
      const svgs = await page.$$eval("figure.plot svg", (els) =>
        els.map((svg) => {
          const paths = [...svg.querySelectorAll(".mark-line path, .mark-area path")];
          const drawn = paths.filter((p) => {
            const box = (p as unknown as { getBBox(): { width: number } }).getBBox();
            return (p.getAttribute("d") ?? "").length > 10 && box.width > 0;
          });
          return { drawn: drawn.length, width: svg.getBoundingClientRect().width };
        }));
      assert.equal(svgs.length, 5, "plots of 1.4.4 (full and quick), 2.1.1, 2.2.1 and 4.3");
      for (const [i, svg] of svgs.entries()) {
        assert.ok(svg.drawn > 0 && svg.width > 100, `SVG ${i} has no drawn marks`);
      }
      const images = await page.$$eval(
        "figure.image img",
        (els) => els.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      );
      assert.deepEqual(images, [112]);
      assert.equal(await page.locator("table.bands tr.fail").count(), 1);

      await Deno.mkdir(join(ROOT, "results", "report"), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
