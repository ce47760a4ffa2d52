/**
 * JSON for machines, which people and CI logs read too: `JSON.stringify` with two-space indentation, where the
 * characters it leaves raw but that are never visible text (DEL, C1 controls, bidirectional controls, invisible
 * characters, line and paragraph separators, tag characters) and the second `#` of a CI runner command prefix
 * (`##[`, `##vso[`) are written as `\uXXXX` escapes. They only occur inside strings, so the data parses back the same.
 */
export function jsonText(value: unknown): string {
  const unit = (c: number) => `\\u${c.toString(16).padStart(4, "0")}`;
  return JSON.stringify(value, null, 2)
    .replace(RAW, (ch) => Array.from({ length: ch.length }, (_, i) => unit(ch.charCodeAt(i))).join(""))
    .replace(/##(?=\[|vso\[)/gi, `#${unit(0x23)}`);
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
