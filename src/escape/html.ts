import { breakWorkflowCommands, visibleControls } from "./characters";

/**
 * HTML text and attribute values (the evidence pack). `&`, `<`, `>`, `"` and `'` become character references, so
 * a value can neither open a tag nor leave a quoted attribute; controls other than line breaks become visible
 * escapes, and so do CI runner command prefixes (the page may be printed to a log).
 * @see https://html.spec.whatwg.org/multipage/syntax.html#attributes-2
 */
export function htmlText(value: string): string {
  return breakWorkflowCommands(visibleControls(value, { lineBreaks: true })).replace(/[&<>"']/g, (ch) => HTML_REFERENCES[ch]!);
}

/** An attribute value, to be written inside double quotes. */
export function htmlAttr(value: string): string {
  return htmlText(value);
}

const HTML_REFERENCES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
