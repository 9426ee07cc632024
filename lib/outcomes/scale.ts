/** The scales a claim runs at: `full` is the report's setup, `quick` fits CI on 2 cores. */
export const SCALES = ["quick", "full"] as const;

/** A scale a claim runs at. */
export type Scale = typeof SCALES[number];
