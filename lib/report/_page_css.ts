// The report page's stylesheet, inlined so the page needs nothing else.
export const PAGE_CSS = `
:root {
  --ok: #1a7f37; --ok-bg: #dafbe1;
  --bad: #cf222e; --bad-bg: #ffebe9;
  --skip: #9a6700; --skip-bg: #fff8c5;
  --none: #6e7781; --none-bg: #f0f2f4;
  --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --paper: #f6f8fa;
}
* { box-sizing: border-box; }
html { background: var(--paper); }
body {
  margin: 0 auto; max-width: 1120px; padding: 28px 24px 48px; color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
code { font: 12.5px/1.3 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; }
a { color: inherit; }
h1 { font-size: 26px; margin: 0 0 6px; letter-spacing: -0.01em; }
.lede { color: var(--muted); margin: 0 0 14px; max-width: 760px; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 14px; }
.chip { border-radius: 999px; padding: 3px 12px; font-size: 13px; }
.chip b { font-size: 15px; margin-right: 2px; }
.s-reproduced.chip, .s-reproduced.badge, .s-reproduced.cell { background: var(--ok-bg); color: var(--ok); }
.s-not-reproduced.chip, .s-not-reproduced.badge, .s-not-reproduced.cell { background: var(--bad-bg); color: var(--bad); }
.s-skipped.chip, .s-skipped.badge, .s-skipped.cell { background: var(--skip-bg); color: var(--skip); }
.s-not-implemented.chip, .s-not-implemented.badge, .s-not-implemented.cell { background: var(--none-bg); color: var(--none); }
.overview { display: grid; gap: 5px; margin: 0 0 8px; }
.ov-row { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; }
.ov-ex { width: 160px; font-size: 12.5px; color: var(--muted); text-decoration: none; }
.cell {
  padding: 2px 7px; border-radius: 4px; text-align: center; font-size: 11px;
  font-variant-numeric: tabular-nums; text-decoration: none; border: 1px solid rgba(0,0,0,.06);
}
.unreadable { background: var(--bad-bg); border: 1px solid #ffcecb; border-radius: 8px; padding: 10px 14px; margin: 12px 0; }
.unreadable ul { margin: 6px 0 0; padding-left: 20px; }
.exercise h2 { font-size: 19px; margin: 30px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.exercise h2 .num {
  display: inline-block; width: 26px; height: 26px; line-height: 26px; text-align: center;
  border-radius: 50%; background: var(--ink); color: #fff; font-size: 14px; margin-right: 4px;
}
.card {
  background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--none);
  border-radius: 8px; padding: 12px 16px 12px; margin: 0 0 12px;
}
.card.s-reproduced { border-left-color: var(--ok); }
.card.s-not-reproduced { border-left-color: var(--bad); }
.card.s-skipped { border-left-color: var(--skip); }
.card.s-not-implemented { background: #fbfcfd; padding: 7px 16px; margin-bottom: 8px; }
.card.s-not-implemented .statement { margin: 2px 0 0; color: var(--muted); font-size: 13.5px; }
.card.s-not-implemented h3 { color: var(--muted); }
.card > header { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; }
.card h3 { margin: 0; font: 600 14.5px/1.3 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
.card h3 a { text-decoration: none; }
.badges { display: flex; gap: 6px; flex-shrink: 0; }
.badge { border-radius: 999px; padding: 1px 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge .scale { font-weight: 400; opacity: .8; margin-right: 5px; }
.statement { margin: 4px 0 6px; font-size: 14.5px; }
.report-values { margin: 0 0 6px; color: var(--muted); font-size: 12.5px; }
.report-values span { margin-right: 12px; }
.report-values i { font-style: normal; color: var(--ink); opacity: .75; margin-right: 3px; }
.run { border-top: 1px dashed var(--line); padding-top: 8px; margin-top: 8px; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 14px; color: var(--muted); font-size: 12.5px; margin-bottom: 6px; }
.reason, .unexpected { margin: 4px 0 8px; padding: 6px 10px; border-radius: 6px; font-size: 13px; }
.reason { background: #f6f8fa; border-left: 3px solid var(--skip); }
.s-not-reproduced .reason { border-left-color: var(--bad); }
.unexpected { background: var(--bad-bg); color: var(--bad); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.bands { width: 100%; font-size: 13px; margin: 2px 0 6px; }
.bands th { text-align: left; font-weight: 500; color: var(--muted); font-size: 11.5px; text-transform: uppercase; letter-spacing: .04em; border-bottom: 1px solid var(--line); padding: 3px 8px; }
.bands td { border-bottom: 1px solid #eef1f4; padding: 4px 8px; vertical-align: top; }
.bands td:first-child { width: 42%; }
.bands .why { color: var(--muted); font-size: 11.5px; margin-top: 1px; }
.bands .ok { width: 24px; text-align: center; font-weight: 700; }
.statements { margin: 4px 0 8px; font-size: 13px; }
.statements .pass { color: var(--ok); }
.statements .fail { color: var(--bad); }
.peer { margin: 6px 0 10px; padding: 6px 10px; border-radius: 6px; background: #f6f8fa; font-size: 13px; }
.peer > p { margin: 0 0 4px; }
.peer.agreement-agrees { border-left: 3px solid var(--ok); }
.peer.agreement-differs { border-left: 3px solid var(--bad); }
.peer > p.seed-shift { color: #57606a; font-style: italic; }
.bands tr.pass .ok { color: var(--ok); }
.bands tr.fail .ok { color: var(--bad); }
.bands tr.fail td.num:nth-child(4) { color: var(--bad); font-weight: 600; }
.bands tr.guard { color: var(--muted); }
.num, .bands th.num { text-align: right; white-space: nowrap; }
.range { color: var(--muted); font-size: 11px; }
.tag { font-size: 10.5px; border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; color: var(--muted); }
details { margin: 4px 0; }
.figures > details.table { margin: 0; }
summary { cursor: pointer; color: var(--muted); font-size: 12.5px; }
summary small { margin-left: 4px; }
.scroll { overflow-x: auto; max-height: 360px; }
table.data { font-size: 12.5px; margin: 4px 0; }
table.data th { text-align: left; font-weight: 500; color: var(--muted); border-bottom: 1px solid var(--line); padding: 2px 10px 2px 0; position: sticky; top: 0; background: #fff; }
table.data td { padding: 2px 10px 2px 0; border-bottom: 1px solid #f0f2f4; }
.figures { display: flex; flex-wrap: wrap; gap: 10px 18px; margin: 6px 0 4px; }
figure { margin: 0; }
figcaption { font-size: 12.5px; font-weight: 600; margin-bottom: 2px; }
figcaption small { font-weight: 400; color: var(--muted); margin-left: 4px; }
figure.plot svg { display: block; max-width: 100%; height: auto; }
figure.image img { display: block; max-width: 100%; height: auto; image-rendering: pixelated; border: 1px solid var(--line); border-radius: 4px; }
figure.image.missing figcaption { color: var(--bad); font-weight: 400; }
.scale-counts { font-size: 13.5px; margin: 4px 0 10px; }
table.scales { font-size: 12.5px; margin: 2px 0 8px; }
table.scales th, table.scales td { padding: 2px 12px 2px 0; text-align: left; vertical-align: top; }
table.scales thead th { font-weight: 500; color: var(--muted); border-bottom: 1px solid var(--line); }
table.scales tbody th { font-weight: 400; color: var(--muted); }
table.scales .none { color: var(--muted); font-style: italic; }
table.scales small { color: var(--muted); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print { html { background: #fff; } .card { break-inside: avoid; } }
`;
