/**
 * JSON for machines, which people and CI logs read too: `JSON.stringify` with two-space indentation, where the
 * characters it leaves raw but that are never visible text (DEL, C1 controls, bidirectional controls, invisible
 * characters, line and paragraph separators, tag characters) and the second `#` of a CI runner command prefix
 * (`##[`, `##vso[`) are written as `\uXXXX` escapes. They only occur inside strings, so the data parses back the same.
 */
export function jsonText(value: unknown): string {
  return escapeRaw(JSON.stringify(value, null, 2));
}

/**
 * {@link jsonText} in pieces, for values whose text may be longer than a JavaScript string can be (about 512 million
 * characters): joined, the pieces are exactly `jsonText(value)`. Arrays and objects are written member by member,
 * anything else at once; a piece is about `chunkSize` characters, or one string longer than that. Pieces end between
 * JSON tokens (never inside a string), so each is escaped on its own with the same result.
 */
export function* jsonTextChunks(value: unknown, chunkSize = 1 << 16): Generator<string> {
  const v = withToJson(value, "");
  if (omitted(v)) throw new TypeError("JSON has no text for undefined, a function or a symbol");
  const text: Text = { written: "", chunkSize, ancestors: new Set() };
  if (isWalked(v)) for (const _ of containerText(v, "\n", text)) yield flush(text);
  else text.written = JSON.stringify(v);
  if (text.written) yield flush(text);
}

/** The text written so far and not yet handed out, and the containers being written (to refuse one inside itself). */
interface Text {
  written: string;
  readonly chunkSize: number;
  readonly ancestors: Set<object>;
}

function flush(text: Text): string {
  const chunk = escapeRaw(text.written);
  text.written = "";
  return chunk;
}

function escapeRaw(text: string): string {
  const unit = (c: number) => `\\u${c.toString(16).padStart(4, "0")}`;
  return text.replace(RAW, (ch) => Array.from({ length: ch.length }, (_, i) => unit(ch.charCodeAt(i))).join("")).replace(/##(?=\[|vso\[)/gi, `#${unit(0x23)}`);
}

/**
 * Appends what `JSON.stringify(_, null, 2)` writes for an array or object (whose toJSON, if any, has been called) to
 * `text.written`, where `newline` is a line break followed by the indentation of the line it starts on; pauses whenever
 * a chunk's worth is written. Members are read in JSON.stringify's order (array indexes; own enumerable string keys,
 * each getter once), each member's toJSON called with its key; members JSON has no text for (undefined, functions,
 * symbols) are null in an array and left out of an object. Primitives and boxed primitives go to JSON.stringify itself,
 * so its rules for them hold (non-finite numbers as null, BigInt refused).
 */
function* containerText(container: object, newline: string, text: Text): Generator<void> {
  // JSON.stringify refuses a value that contains itself; walking one would never end.
  if (text.ancestors.has(container)) throw new TypeError("Converting circular structure to JSON");
  const { keys, members } = membersOf(container);
  const inner = `${newline}  `;
  let first = true;
  text.ancestors.add(container);
  for (let i = 0; i < members.length; i++) {
    const member = members[i];
    if (keys && omitted(member)) continue;
    text.written += `${first ? (keys ? "{" : "[") : ","}${inner}${keys ? `${JSON.stringify(keys[i])}: ` : ""}`;
    first = false;
    if (!isWalked(member)) text.written += omitted(member) ? "null" : JSON.stringify(member);
    else if (isLeafList(member)) text.written += leafListText(member, inner);
    else yield* containerText(member, inner, text);
    if (text.written.length >= text.chunkSize) yield;
  }
  text.ancestors.delete(container);
  text.written += first ? (keys ? "{}" : "[]") : `${newline}${keys ? "}" : "]"}`;
}

/** An array's elements (keys undefined) or an object's keys and values, each read once, with toJSON called. */
function membersOf(container: object): { keys?: string[]; members: unknown[] } {
  if (Array.isArray(container)) return { members: Array.from({ length: container.length }, (_, i) => withToJson((container as unknown[])[i], String(i))) };
  const keys = Object.keys(container);
  return { keys, members: keys.map((k) => withToJson((container as Record<string, unknown>)[k], k)) };
}

/**
 * A plain array of strings, numbers, booleans and nulls (read by index, as JSON.stringify does: a hole is none). Such
 * lists (a cell's controls, a gap's personas) are many and small: written at once, they make the walk twice as fast.
 */
function isLeafList(value: object): value is readonly (string | number | boolean | null)[] {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return false;
  for (let i = 0; i < value.length; i++) if (!(value[i] === null || PRIMITIVE.has(typeof value[i]))) return false;
  return true;
}

const PRIMITIVE = new Set(["string", "number", "boolean"]);

function leafListText(items: readonly (string | number | boolean | null)[], newline: string): string {
  return items.length ? `[${newline}  ${items.map((x) => JSON.stringify(x)).join(`,${newline}  `)}${newline}]` : "[]";
}

function withToJson(value: unknown, key: string): unknown {
  const holder = (typeof value === "object" && value !== null) || typeof value === "function" || typeof value === "bigint";
  const toJSON = holder ? (value as { toJSON?: unknown }).toJSON : undefined;
  return typeof toJSON === "function" ? (toJSON as (key: string) => unknown).call(value, key) : value;
}

function omitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** Objects JSON writes member by member: all but the boxed primitives, which it writes as their primitive. */
function isWalked(value: unknown): value is object {
  return (
    typeof value === "object" && value !== null && !(value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt)
  );
}

/** UTF-16 code units: tag characters are the surrogate pairs U+DB40 U+DC00–DC7F, written as two escapes. */
const RAW = new RegExp(
  [
    "[\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180e\\u200b-\\u200f\\u2028-\\u2",
    "02e\\u2060-\\u2064\\u2066-\\u2069\\u2800\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb]|\\udb40[\\udc00-\\ud",
    "c7f]",
  ].join(""),
  "g",
);
