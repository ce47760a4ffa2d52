import { breakWorkflowCommands, visibleControls } from "./characters";

/**
 * Text printed for people on stderr or stdout (a terminal, or a CI log that reads workflow commands from the same
 * lines). Controls become visible escapes (`\n`, `\u001b`, `\u202e`), so a value can neither start a new line
 * (a line starting with `::` is a GitHub workflow command) nor send ANSI sequences; a value that starts with `::`,
 * and the `##[` and `##vso[` command prefixes runners find anywhere in a line, are broken up the same way.
 */
export function termText(value: string): string {
  return breakWorkflowCommands(visibleControls(value));
}

/**
 * Untrusted text (a git ref from the command line, a link or an object ID from a tenant) named inside a message: in
 * double quotes, escaped as terminal text, and cut to `max` characters so a hostile value cannot flood the output.
 */
export function quoted(text: string, max = 120): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return `"${termText(cut).replace(/"/g, '\\"')}"`;
}
