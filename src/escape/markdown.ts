import { breakWorkflowCommands, visibleControls } from "./characters";

/**
 * Markdown (CommonMark and GitHub Flavored Markdown, as pull request comments, job summaries and reports render it).
 *
 * A value is always placed inside a line that idac writes, never at the start of one, so escaping keeps it there:
 * line breaks and other controls become visible escapes (`\n`), every character that can open inline structure
 * or HTML is backslash-escaped (`<!--` renders as text, `|` cannot end a table cell), and what could start a block
 * when the value follows a list marker or a cell edge (`-`, `+`, `=`, `1.`, indentation) is neutralised.
 * @see https://spec.commonmark.org/0.31.2/#backslash-escapes
 * @see https://github.github.com/gfm/#tables-extension-
 */

/** ASCII punctuation that opens inline structure, HTML, entities, math or table cells anywhere in a line. */
const INLINE = /[\\`*_[\]<>#|~&!$]/g;

/** Inline Markdown text: the value renders as exactly these characters and stays inside its line. */
export function mdText(value: string): string {
  let s = visibleControls(value).replace(INLINE, "\\$&");
  // At the start of a list item or table cell these open a block: a nested list, a setext underline, an ordered list.
  s = s.replace(/^[-+=]/, "\\$&").replace(/^(\d{1,9})([.)])/, "$1\\$2");
  // Four leading spaces make an indented code block after a list marker; an entity keeps the spaces as text.
  return s.replace(/^ +/, (spaces) => "&#32;".repeat(spaces.length));
}

/** A table cell: the same as inline text (pipes are escaped there too), named for where it goes. */
export function mdCell(value: string): string {
  return mdText(value);
}

/**
 * An inline code span holding the value verbatim: the fence is one backtick longer than the longest run of
 * backticks inside, padded with spaces when the value starts or ends with a backtick or a space (nothing can be
 * escaped inside a span, so CI runner command prefixes are written with visible escapes). In a table cell
 * (`cell: true`) pipes are escaped as `\|`, which GitHub removes before it reads the span.
 * @see https://spec.commonmark.org/0.31.2/#code-spans
 */
export function mdCode(value: string, options: { readonly cell?: boolean } = {}): string {
  let s = breakWorkflowCommands(visibleControls(value));
  if (options.cell) s = s.replace(/\|/g, "\\|");
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(longest + 1);
  const pad = s === "" || /^[` ]|[` ]$/.test(s) ? " " : "";
  return `${fence}${pad}${s}${pad}${fence}`;
}
