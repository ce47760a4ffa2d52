import { visibleControls } from "./characters";

/**
 * GitHub Actions workflow commands (annotations): `::error file=…,line=…,title=…::message`. Properties and the
 * message are escaped as the runner unescapes them (`%`, CR, LF; and `:` `,` in properties), so a value with a
 * colon, comma or line break stays one property of one annotation. Other controls become visible escapes.
 * @see https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export function workflowCommand(command: "error" | "warning" | "notice", properties: Readonly<Record<string, string | number>>, message: string): string {
  const props = Object.entries(properties).map(([k, v]) => `${k}=${commandProperty(String(v))}`);
  return `::${command}${props.length ? ` ${props.join(",")}` : ""}::${commandData(message)}`;
}

/** The message of a workflow command. */
export function commandData(value: string): string {
  return visibleControls(value, { lineBreaks: true }).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value of a workflow command. */
export function commandProperty(value: string): string {
  return commandData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
