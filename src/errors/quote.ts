/**
 * Untrusted text (a git ref from the command line, a link or an object ID from a tenant) as it appears in a message
 * printed on a terminal: in double quotes, with control characters (C0, DEL and C1, which terminals read as escape
 * sequences) written as `\uXXXX`, and cut to `max` characters so a hostile value cannot flood the output.
 */
export function quoted(text: string, max = 120): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
