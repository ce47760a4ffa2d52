import { visibleControls } from "./characters";

/**
 * Mermaid flowcharts (GitHub renders ```` ```mermaid ```` blocks). Labels are written in double quotes; inside,
 * every character that could end the quote, the node shape or the line, start an edge, a Markdown string or HTML
 * is written as Mermaid's numeric entity code (`#34;` for `"`), which renders as the character itself.
 * @see https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters
 */

const LABEL_SPECIAL = /["`<>&#|[\](){}\\]/g;

/** A node or edge label, including its quotes: `"Payment approver"`. */
export function mermaidLabel(value: string): string {
  return `"${visibleControls(value).replace(LABEL_SPECIAL, (ch) => `#${ch.codePointAt(0)};`)}"`;
}

/** A node ID from any text: letters, digits and underscores only (what Mermaid reads as one ID). */
export function mermaidId(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, "_");
}
