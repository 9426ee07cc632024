/**
 * The campaign: which claims lack a current record at a scale, in what order to run them, and
 * what that is estimated to cost from the wall times of stored records.
 *
 * @module
 */
export * from "./plan_campaign.ts";
export * from "./estimate_cost.ts";
export * from "./format_plan.ts";
