/**
 * Terraform reads every string of its JSON syntax as a template: `${ … }` is evaluated and `%{ … }` is a directive.
 * Catalog text (names, descriptions, justifications, membership rules, anything a person types) must reach Entra
 * exactly as written, never as an expression, so each `${` becomes `$${` and each `%{` becomes `%%{`; Terraform
 * turns them back into `${` and `%{`. A cdktf token (`${TfToken[…]}`, a reference to another object that cdktf
 * resolves at synthesis) is left as it is.
 */
export function terraformText(text: string): string {
  return text
    .split(CDKTF_TOKEN)
    .map((part, i) => (i % 2 ? part : part.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`)))
    .join("");
}

/** {@link terraformText} of every string inside a JSON value (a dynamic attribute such as `terraform_data.input`). */
export function terraformJson<T>(value: T): T {
  return escapeStrings(value) as T;
}

function escapeStrings(value: unknown): unknown {
  if (typeof value === "string") return terraformText(value);
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeStrings(v)]));
  return value;
}

/** How cdktf encodes a token in a string (`${TfToken[TOKEN.12]}`); the capture keeps it when splitting. */
const CDKTF_TOKEN = /(\$\{TfToken\[[A-Za-z0-9_.]+\]\})/;
