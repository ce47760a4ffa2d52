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
