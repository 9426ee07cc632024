/**
 * Results rendered for people: a markdown summary and an HTML page.
 *
 * @module
 */
export * from "./summary.ts";
export * from "./write_report.ts";
