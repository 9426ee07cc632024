/**
 * Results rendered for people: the HTML report page with inline SVG plots, a markdown summary,
 * and a record-by-record comparison of two results folders that gates CI.
 *
 * @module
 */
export * from "./claim_views.ts";
export * from "./compare.ts";
export * from "./comparison_text.ts";
export * from "./curve_charts.ts";
export * from "./evidence.ts";
export * from "./html_page.ts";
export * from "./inline_images.ts";
export * from "./load_records.ts";
export * from "./summary.ts";
export * from "./scale_views.ts";
export * from "./vega_svg.ts";
export * from "./write_report.ts";
