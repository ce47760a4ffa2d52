export {
  breakWorkflowCommands,
  characterLabel,
  escapeOf,
  findUnsafeCharacter,
  UNSAFE_WHY,
  unsafeKind,
  visibleControls,
  type UnsafeCharacter,
  type UnsafeKind,
  type UnsafeOptions,
} from "./characters";
export { csvTable, csvTableChunks } from "./csv";
export { htmlAttr, htmlText } from "./html";
export { jsonText, jsonTextChunks } from "./json";
export { mdCell, mdCode, mdText } from "./markdown";
export { mermaidId, mermaidLabel } from "./mermaid";
export { quoted, termText } from "./terminal";
export { commandData, commandProperty, workflowCommand } from "./workflow-command";
