/**
 * The code version of a claim: a hash of the claim's own source file, the private helpers of its
 * exercise folder it imports, and the model files of `lib/models/` it uses, followed through their
 * imports, each without comments and prose (`code_text.ts`). A record stores it (`versions.code`), so a campaign can tell a record made by the
 * current code from one made before the claim or its model changed. The backend, kernels, data
 * loaders and fit loop are left out on purpose: they are tested against oracles, and a change
 * there should not make every full-scale record stale.
 *
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { codeText } from "./code_text.ts";

const LIB = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// The files that make up a claim's code version: the exercise folders (a claim and its private
// helpers) and the models. The runner's files in lib/claims (claim.ts, seed_rows.ts) are not.
const COUNTED = [join(LIB, "claims", "ex"), join(LIB, "models") + "/"];
const IMPORT = /(?:import|export)\s+(type\s+)?(?:([\s\S]*?)\s+from\s+)?"(\.[^"]+\.ts)"/g;

/** A claim's code version and the files it was computed from. */
export interface CodeVersion {
  /** `sha256:` and the first 16 hex digits of the hash of the files' paths and code texts. */
  version: string;
  /** The files hashed, relative to `lib/`, sorted. */
  files: string[];
}

/**
 * The path of a claim's definition, by the naming rule of the README: `1.3.5-cnn-params` is
 * defined in `lib/claims/ex1/cnn_params.ts`.
 *
 * @param claimId A claim id.
 * @returns The absolute path of its file.
 * @example
 * ```ts
 * claimSourcePath("4.1-rbm-training"); // ".../lib/claims/ex4/rbm_training.ts"
 * ```
 */
export function claimSourcePath(claimId: string): string {
  const match = /^([0-9]+)(?:\.[0-9]+)*-([a-z0-9-]+)$/.exec(claimId);
  if (!match) throw new RangeError(`Invalid claim id ${claimId}: expected e.g. 1.3.5-cnn-params`);
  return join(LIB, "claims", `ex${match[1]}`, `${match[2].replaceAll("-", "_")}.ts`);
}

/**
 * Hash a claim's source, its exercise helpers and the model files it uses.
 *
 * @param claimId A claim id whose file follows the README's naming rule.
 * @returns The version and the files it covers.
 * @example
 * ```ts
 * (await codeVersion("3.3-attention")).files; // ["claims/ex3/attention.ts", "models/attention.ts"]
 * ```
 */
export async function codeVersion(claimId: string): Promise<CodeVersion> {
  const files = new Set<string>();
  const sources = new Map<string, string>();
  const read = async (path: string) => {
    if (!sources.has(path)) sources.set(path, await Deno.readTextFile(path));
    return sources.get(path)!;
  };
  // Follow imports; a re-export-only mod.ts is followed only into the files that export a name
  // the importer asked for, so a claim does not depend on every model of lib/models.
  const visit = async (path: string, names?: string[]): Promise<void> => {
    if (!COUNTED.some((prefix) => path.startsWith(prefix))) return;
    if (path.endsWith("/mod.ts") && names !== undefined) {
      for (const { target } of imports(await read(path), path)) {
        const text = await read(target);
        if (names.some((name) => exportsName(text, name))) await visit(target, names);
      }
      return;
    }
    if (files.has(path)) return;
    files.add(path);
    for (const { target, names } of imports(await read(path), path)) await visit(target, names);
  };
  const own = claimSourcePath(claimId);
  await Deno.stat(own).catch(() => {
    throw new RangeError(`No source file for claim ${claimId}: expected ${own}`);
  });
  await visit(own);
  const sorted = [...files].sort();
  const hash = new Uint8Array(
    await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode(
        sorted.map((f) => `${relative(LIB, f)}\n${codeText(sources.get(f)!)}\n`).join(""),
      ),
    ),
  );
  const hex = [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
  return { version: `sha256:${hex.slice(0, 16)}`, files: sorted.map((f) => relative(LIB, f)) };
}

function imports(text: string, from: string): Array<{ target: string; names?: string[] }> {
  const found: Array<{ target: string; names?: string[] }> = [];
  for (const match of text.matchAll(IMPORT)) {
    const clause = match[2];
    const braces = clause && /\{([\s\S]*)\}/.exec(clause);
    const names = braces
      ? braces[1].split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0])
        .filter(Boolean)
      : undefined; // `* as x`, a default import or `export *`: the whole module
    found.push({ target: resolve(dirname(from), match[3]), names });
  }
  return found;
}

function exportsName(text: string, name: string): boolean {
  const declared = new RegExp(
    `export\\s+(?:declare\\s+)?(?:async\\s+)?(?:function\\*?|const|let|class|interface|type|enum)\\s+${name}\\b`,
  );
  return declared.test(text) ||
    new RegExp(`export\\s*(?:type\\s*)?\\{[^}]*\\b${name}\\b`).test(text);
}
