/**
 * The part of a claim's source that decides what it computes: the text without comments, without
 * the prose a spec states its findings in (`why` and `statement` strings, `reason` properties
 * whole), without the literal seed lists of its scales (a record names its own seeds), without
 * what judges a run (the `expect`, `bands` and `guards` of its scales and the `Band` constants
 * they use: `rejudge` applies them to a record's stored metrics) and with whitespace collapsed.
 * A claim's code version hashes this, so a reason given or brought up to date with a long run's
 * numbers, one more seed asked of a scale, or a band set from a run's measurement leaves that
 * run's record current.
 *
 * @module
 */

// A prose property: its name, the colon, then one or more plain string literals joined by `+`.
const PROSE = /\b(why|statement)(\s*:\s*)"(?:[^"\\\n]|\\.)*"(?:\s*\+\s*"(?:[^"\\\n]|\\.)*")*/g;
// A scale's reason for its expected verdict, key and all: giving a scale one, as its `expect`
// turns to a run's finding, changes nothing the run computes.
const REASON = /\breason\s*:\s*"(?:[^"\\\n]|\\.)*"(?:\s*\+\s*"(?:[^"\\\n]|\\.)*")*\s*,?/g;
// A scale's literal seed list.
const SEEDS = /\bseeds(\s*:\s*)\[[\d\s,]*\]/g;
// What judges a run: a scale's expected verdict, bands and guards, and a `Band` or `Band[]`
// constant; the value that follows is blanked (`judgingBlanked`).
const JUDGING = /\b(?:expect|bands|guards)\s*:\s*|:\s*Band(?:\[\])?\s*=\s*/g;
// After these characters (or at the start) a `/` opens a regular expression, not a division.
const BEFORE_REGEX = new Set(["", "(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";"]);

/**
 * A TypeScript source without its comments, prose strings and seed lists, whitespace collapsed.
 *
 * @param source The text of a `.ts` file.
 * @returns The text a code version hashes.
 * @example
 * ```ts
 * codeText('const x = 1; // one\nexport const c = { why: "a" + "b", min: 2 };');
 * // 'const x = 1; export const c = { why: "", min: 2 };'
 * ```
 */
export function codeText(source: string): string {
  const text = withoutComments(source).replace(REASON, "").replace(PROSE, '$1$2""')
    .replace(SEEDS, "seeds$1[]");
  return judgingBlanked(text).replace(/\s+/g, " ").trim();
}

/**
 * The text with the value after each {@linkcode JUDGING} match cut out: the expression up to the
 * `,`, `;` or closing bracket that ends it at its own nesting depth (strings skipped).
 */
function judgingBlanked(text: string): string {
  let out = "";
  let from = 0;
  for (const match of text.matchAll(JUDGING)) {
    if (match.index < from) continue; // inside a value already cut
    out += text.slice(from, match.index + match[0].length);
    from = expressionEnd(text, match.index + match[0].length);
  }
  return out + text.slice(from);
}

function expressionEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'" || c === "`") {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === "\\" ? 2 : 1;
    } else if ("([{".includes(c)) {
      depth++;
    } else if (")]}".includes(c)) {
      if (depth === 0) return i;
      depth--;
    } else if ((c === "," || c === ";") && depth === 0) {
      return i;
    }
    i++;
  }
  return i;
}

/** The source with `//` and `/* *\/` comments removed; strings, templates and regexes kept. */
function withoutComments(source: string): string {
  let out = "";
  let i = 0;
  const copyQuoted = (close: string) => {
    const start = i++;
    while (i < source.length && source[i] !== close) i += source[i] === "\\" ? 2 : 1;
    out += source.slice(start, ++i);
  };
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? source.length : end + 2;
      out += " ";
    } else if (c === '"' || c === "'" || c === "`") {
      copyQuoted(c);
    } else if (c === "/" && BEFORE_REGEX.has(out.trimEnd().slice(-1))) {
      copyRegex();
    } else {
      out += c;
      i++;
    }
  }
  return out;

  function copyRegex() {
    const start = i++;
    let inClass = false;
    while (i < source.length && source[i] !== "\n") {
      const c = source[i];
      if (c === "\\") i++;
      else if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      else if (c === "/" && !inClass) break;
      i++;
    }
    out += source.slice(start, ++i);
  }
}
