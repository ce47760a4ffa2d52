/**
 * JSON from outside idac (a Graph response, a file of an export), read as text and parsed with bounds: the encoding
 * is told by the byte order mark, nesting is measured before parsing, and every refusal says why in words that
 * follow the file's name ("<file>: is not JSON (…)").
 */

/** The JSON value of a file, or why it cannot be read. */
export type JsonInput = { readonly data: unknown } | { readonly problem: string };

const BOMS: readonly { bytes: readonly number[]; encoding: "utf-8" | "utf-16le" | "utf-16be" | "UTF-32LE" | "UTF-32BE" }[] = [
  // UTF-32LE's mark starts with UTF-16LE's: it is tested first.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: "UTF-32LE" },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: "UTF-32BE" },
  { bytes: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { bytes: [0xff, 0xfe], encoding: "utf-16le" },
  { bytes: [0xfe, 0xff], encoding: "utf-16be" },
];

/**
 * The text of a file: UTF-8, or UTF-8, UTF-16LE or UTF-16BE with a byte order mark (Windows PowerShell 5's
 * `Out-File` and `>` write UTF-16LE with one). Decoding is strict (an invalid byte sequence is refused, never
 * replaced). Without a mark, JSON's first characters are ASCII, so UTF-16 and UTF-32 show as NUL bytes next to
 * them: such a file is refused naming the encoding rather than read as garbage.
 */
function decodeText(bytes: Uint8Array): { readonly text: string } | { readonly problem: string } {
  const bom = BOMS.find((b) => b.bytes.every((x, i) => bytes[i] === x));
  if (bom && (bom.encoding === "UTF-32LE" || bom.encoding === "UTF-32BE"))
    return { problem: `is ${bom.encoding} text: idac reads UTF-8, or UTF-16 with a byte order mark (save it as UTF-8)` };
  const withoutMark = nulPattern(bytes);
  if (!bom && withoutMark)
    return { problem: `is ${withoutMark} text without a byte order mark: idac reads UTF-16 only with one, as Windows PowerShell writes it (save it as UTF-8)` };
  const encoding = bom?.encoding ?? "utf-8";
  try {
    // The decoder consumes the byte order mark of its own encoding.
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    return {
      problem: bom
        ? `is not valid ${encoding.toUpperCase()} text, although it starts with that encoding's byte order mark`
        : "is neither UTF-8 text nor text with a UTF-16 byte order mark (save it as UTF-8)",
    };
  }
}

/** The encoding NUL bytes around the first (ASCII) characters betray, if any. */
function nulPattern(b: Uint8Array): string | undefined {
  if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] === 0 && b[3] === 0) return "UTF-32LE";
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] !== 0) return "UTF-32BE";
  if (b.length >= 2 && b[0] !== 0 && b[1] === 0) return "UTF-16LE";
  if (b.length >= 2 && b[0] === 0 && b[1] !== 0) return "UTF-16BE";
  return undefined;
}

/** A file's JSON value: decoded ({@link decodeText}), not empty, nested at most `maxDepth` levels, and parsed. */
export function parseJsonBytes(bytes: Uint8Array, maxDepth: number): JsonInput {
  const decoded = decodeText(bytes);
  if ("problem" in decoded) return decoded;
  const { text } = decoded;
  if (!text.trim()) return { problem: "is empty (no JSON)" };
  if (jsonNestsDeeperThan(text, maxDepth)) return { problem: `nests JSON deeper than ${maxDepth} levels` };
  try {
    return { data: JSON.parse(text) as unknown };
  } catch (err) {
    return { problem: `is not JSON (${(err as Error).message})` };
  }
}

/**
 * Whether JSON text nests objects and arrays deeper than `max`, measured before parsing (strings skipped), so a
 * hostile response cannot exhaust the stack of the code that reads or writes it.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}
