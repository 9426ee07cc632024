// HTML escaping for text and attribute values.
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escape text for an element body or a quoted attribute value. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A fragment id from a claim id: letters, digits and dashes only. */
export function anchorId(claimId: string): string {
  return `claim-${claimId.replace(/[^A-Za-z0-9-]/g, "_")}`;
}
