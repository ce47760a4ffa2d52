/**
 * Characters that are never text a reader can see: control characters, bidirectional controls, invisible fillers,
 * tag characters and stray variation selectors. The catalog refuses them (src/load) and every output shows them as
 * visible escapes (`\n`, `\u202e`), so a value cannot start a new line, reorder what a reviewer reads, or hide data.
 */

/** What kind of unsafe character it is, in the words of an error message. */
export type UnsafeKind = "control" | "bidi" | "invisible" | "tag" | "variation-selector";

export interface UnsafeCharacter {
  /** The code point, e.g. 0x202e. */
  readonly codePoint: number;
  /** Index in the string (UTF-16 code units). */
  readonly index: number;
  readonly kind: UnsafeKind;
  /** `U+202E (RIGHT-TO-LEFT OVERRIDE)` */
  readonly label: string;
}

const C0_NAMES = [
  "NULL",
  "START OF HEADING",
  "START OF TEXT",
  "END OF TEXT",
  "END OF TRANSMISSION",
  "ENQUIRY",
  "ACKNOWLEDGE",
  "BELL",
  "BACKSPACE",
  "CHARACTER TABULATION",
  "LINE FEED",
  "LINE TABULATION",
  "FORM FEED",
  "CARRIAGE RETURN",
  "SHIFT OUT",
  "SHIFT IN",
  "DATA LINK ESCAPE",
  "DEVICE CONTROL ONE",
  "DEVICE CONTROL TWO",
  "DEVICE CONTROL THREE",
  "DEVICE CONTROL FOUR",
  "NEGATIVE ACKNOWLEDGE",
  "SYNCHRONOUS IDLE",
  "END OF TRANSMISSION BLOCK",
  "CANCEL",
  "END OF MEDIUM",
  "SUBSTITUTE",
  "ESCAPE",
  "INFORMATION SEPARATOR FOUR",
  "INFORMATION SEPARATOR THREE",
  "INFORMATION SEPARATOR TWO",
  "INFORMATION SEPARATOR ONE",
];

const NAMES = new Map<number, string>([
  [0x7f, "DELETE"],
  [0x85, "NEXT LINE"],
  [0x9b, "CONTROL SEQUENCE INTRODUCER"],
  [0x9d, "OPERATING SYSTEM COMMAND"],
  [0x061c, "ARABIC LETTER MARK"],
  [0x200e, "LEFT-TO-RIGHT MARK"],
  [0x200f, "RIGHT-TO-LEFT MARK"],
  [0x202a, "LEFT-TO-RIGHT EMBEDDING"],
  [0x202b, "RIGHT-TO-LEFT EMBEDDING"],
  [0x202c, "POP DIRECTIONAL FORMATTING"],
  [0x202d, "LEFT-TO-RIGHT OVERRIDE"],
  [0x202e, "RIGHT-TO-LEFT OVERRIDE"],
  [0x2066, "LEFT-TO-RIGHT ISOLATE"],
  [0x2067, "RIGHT-TO-LEFT ISOLATE"],
  [0x2068, "FIRST STRONG ISOLATE"],
  [0x2069, "POP DIRECTIONAL ISOLATE"],
  [0x2028, "LINE SEPARATOR"],
  [0x2029, "PARAGRAPH SEPARATOR"],
  [0x00ad, "SOFT HYPHEN"],
  [0x034f, "COMBINING GRAPHEME JOINER"],
  [0x115f, "HANGUL CHOSEONG FILLER"],
  [0x1160, "HANGUL JUNGSEONG FILLER"],
  [0x17b4, "KHMER VOWEL INHERENT AQ"],
  [0x17b5, "KHMER VOWEL INHERENT AA"],
  [0x180e, "MONGOLIAN VOWEL SEPARATOR"],
  [0x200b, "ZERO WIDTH SPACE"],
  [0x200c, "ZERO WIDTH NON-JOINER"],
  [0x200d, "ZERO WIDTH JOINER"],
  [0x2060, "WORD JOINER"],
  [0x2061, "FUNCTION APPLICATION"],
  [0x2062, "INVISIBLE TIMES"],
  [0x2063, "INVISIBLE SEPARATOR"],
  [0x2064, "INVISIBLE PLUS"],
  [0x2800, "BRAILLE PATTERN BLANK"],
  [0x3164, "HANGUL FILLER"],
  [0xfeff, "ZERO WIDTH NO-BREAK SPACE"],
  [0xffa0, "HALFWIDTH HANGUL FILLER"],
  [0xfff9, "INTERLINEAR ANNOTATION ANCHOR"],
  [0xfffa, "INTERLINEAR ANNOTATION SEPARATOR"],
  [0xfffb, "INTERLINEAR ANNOTATION TERMINATOR"],
  [0xe0001, "LANGUAGE TAG"],
  [0xe0020, "TAG SPACE"],
  [0xe007f, "CANCEL TAG"],
]);

const BIDI = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const INVISIBLE = new Set([
  0x00ad, 0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x200c, 0x200d, 0x2028, 0x2029, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2800, 0x3164,
  0xfeff, 0xffa0, 0xfff9, 0xfffa, 0xfffb,
]);
const DIGITS = ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"];

/** Every candidate in one pass; the kind (and whether a variation selector is stray) is decided per match. */
const CANDIDATES = new RegExp(
  [
    "[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180e\\u200b-\\u2",
    "00f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\u2800\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff9",
    "-\\ufffb\\u{e0000}-\\u{e007f}\\u{e0100}-\\u{e01ef}]",
  ].join(""),
  "gu",
);
/** The same class without the global flag: most text has no candidate, and testing for one allocates nothing. */
const ANY_CANDIDATE = new RegExp(CANDIDATES.source, "u");

/** The kind of a code point that is never visible text, or undefined for ordinary text (variation selectors aside). */
export function unsafeKind(cp: number): UnsafeKind | undefined {
  if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) return "control";
  if (BIDI.has(cp)) return "bidi";
  if (INVISIBLE.has(cp)) return "invisible";
  if (cp >= 0xe0000 && cp <= 0xe007f) return "tag";
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return "variation-selector";
  return undefined;
}

/** `U+202E (RIGHT-TO-LEFT OVERRIDE)` */
export function characterLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")} (${characterName(cp)})`;
}

function characterName(cp: number): string {
  if (cp <= 0x1f) return C0_NAMES[cp]!;
  const known = NAMES.get(cp);
  if (known) return known;
  if (cp >= 0x80 && cp <= 0x9f) return "C1 CONTROL CHARACTER";
  if (cp >= 0xfe00 && cp <= 0xfe0f) return `VARIATION SELECTOR-${cp - 0xfe00 + 1}`;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return `VARIATION SELECTOR-${cp - 0xe0100 + 17}`;
  if (cp >= 0xe0000 && cp <= 0xe007f) {
    const ascii = String.fromCharCode(cp - 0xe0000);
    if (/[A-Z]/.test(ascii)) return `TAG LATIN CAPITAL LETTER ${ascii}`;
    if (/[a-z]/.test(ascii)) return `TAG LATIN SMALL LETTER ${ascii.toUpperCase()}`;
    if (/[0-9]/.test(ascii)) return `TAG DIGIT ${DIGITS[Number(ascii)]}`;
    return "TAG CHARACTER";
  }
  return "UNNAMED";
}

export interface UnsafeOptions {
  /** Line feed, carriage return and tab are text here (multi-line descriptions). @default false */
  readonly allowLineBreaks?: boolean;
}

/**
 * The first character of `s` that is never visible text, or undefined. A variation selector is allowed only right
 * after a visible character (an emoji's presentation selector), never at the start, after another selector, or from
 * the supplementary range that can carry hidden data.
 */
export function findUnsafeCharacter(s: string, options: UnsafeOptions = {}): UnsafeCharacter | undefined {
  if (!ANY_CANDIDATE.test(s)) return undefined;
  for (const m of s.matchAll(CANDIDATES)) {
    const cp = m[0].codePointAt(0)!;
    const kind = unsafeKind(cp)!;
    if (options.allowLineBreaks && (cp === 0x0a || cp === 0x0d || cp === 0x09)) continue;
    if (kind === "variation-selector" && cp <= 0xfe0f && m.index > 0) {
      const before = s.codePointAt(m.index - 1)!;
      const prev = before >= 0xdc00 && before <= 0xdfff && m.index > 1 ? s.codePointAt(m.index - 2)! : before;
      if (unsafeKind(prev) === undefined) continue;
    }
    return { codePoint: cp, index: m.index, kind, label: characterLabel(cp) };
  }
  return undefined;
}

/** Why a kind of character is refused, for messages: "… contains U+202E (RIGHT-TO-LEFT OVERRIDE): <why>". */
export const UNSAFE_WHY: Record<UnsafeKind, string> = {
  control: "control characters can break a line or send terminal commands wherever the value is shown",
  bidi: "invisible bidirectional controls reorder the text around them, so what a reviewer reads is not what the value is",
  invisible: "invisible characters make two values that look the same differ",
  tag: "invisible tag characters can carry hidden text",
  "variation-selector": "a variation selector that does not follow a visible character is invisible and can carry hidden data",
};

/** Matches what outputs show as escapes: controls, bidi controls, invisible characters and tag characters. */
const SHOWN_ESCAPED = new RegExp(
  [
    "[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180e\\u200b-\\u2",
    "00f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\u2800\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb\\u{e00",
    "00}-\\u{e007f}]",
  ].join(""),
  "gu",
);

/**
 * The text with every character that is not visible replaced by a visible escape: `\n`, `\r`, `\t`, otherwise
 * `\u001b`, `\u202e` (`\u{e0041}` beyond the basic plane). Variation selectors stay (emoji use them). With
 * `lineBreaks`, line feed, carriage return and tab stay as they are (for media where they are only whitespace).
 */
export function visibleControls(s: string, keep: { readonly lineBreaks?: boolean } = {}): string {
  return s.replace(SHOWN_ESCAPED, (ch) => (keep.lineBreaks && (ch === "\n" || ch === "\r" || ch === "\t") ? ch : escapeOf(ch.codePointAt(0)!)));
}

/** How a code point is shown visibly: `\n`, `\r`, `\t`, `\u202e`, `\u{e0041}`. */
export function escapeOf(cp: number): string {
  if (cp === 0x0a) return "\\n";
  if (cp === 0x0d) return "\\r";
  if (cp === 0x09) return "\\t";
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, "0")}`;
}

/**
 * Whatever idac prints may be read by a CI runner, which takes a line that starts with `::` (GitHub Actions), and
 * `##[` or `##vso[` anywhere in a line (the runner's legacy form, Azure DevOps), as a command. In text that keeps its
 * line breaks (CSV cells, HTML) or cannot be backslash-escaped (Markdown code spans), those are written with a
 * visible escape instead: `\u003a:`, `#\u0023[`.
 * @see https://github.com/actions/runner/blob/main/src/Runner.Common/ActionCommand.cs
 */
export function breakWorkflowCommands(s: string): string {
  return s.replace(/##(?=\[|vso\[)/gi, "#\\u0023").replace(/^([ \t]*):(?=:)/gm, "$1\\u003a");
}
