import unhomoglyph from "unhomoglyph";

/** Characters that render as nothing (zero-width space and joiners, soft hyphen, variation selectors …). */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * The UTS #39 skeleton of a string (Unicode confusables.txt, through the `unhomoglyph` package):
 * NFD, each character replaced by its prototype, NFD again. Two strings with the same skeleton look alike:
 * Cyrillic 'а' and Latin 'a', '0' and 'O', 'l', 'I' and '1', 'm' and 'rn'.
 * @see https://www.unicode.org/reports/tr39/#Confusable_Detection
 */
function skeleton(s: string): string {
  return unhomoglyph(s.normalize("NFD")).normalize("NFD");
}

/**
 * Comparison keys of a display name: NFKC (fullwidth and other compatibility forms), invisible characters removed,
 * white space collapsed, then the skeleton of the name as written, in lower case and in upper case, each lower-cased.
 * Two names look alike when their keys meet; the upper-case form catches 'ADMlN' against 'Admin' (an upper-case
 * 'I' looks like a lower-case 'l'), the lower-case one 'аdmin' against 'Admin'.
 */
export function lookAlikeKeys(name: string): string[] {
  const base = name.normalize("NFKC").replace(INVISIBLE, "").replace(/\s+/gu, " ").trim();
  return [...new Set([base, base.toLowerCase(), base.toUpperCase()].map((v) => skeleton(v).toLowerCase()))];
}

/** The characters of a name outside printable ASCII, as U+XXXX, so a reviewer sees what differs. */
export function unusualCharacters(name: string): string[] {
  return [...new Set([...name].filter((c) => !/^[\x20-\x7e]$/.test(c)))].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
}
