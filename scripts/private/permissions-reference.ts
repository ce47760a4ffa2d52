/**
 * Reads the "All roles" table of Microsoft's *Microsoft Entra built-in roles* reference
 * (MicrosoftDocs/entra-docs, `docs/identity/role-based-access-control/permissions-reference.md`): each role's
 * display name, template ID and whether Microsoft marks it PRIVILEGED, and the page's `ms.date`.
 *
 * The table is Markdown inside a block quote, as Microsoft writes it:
 *
 * ```md
 * > | Role | Description | Template ID |
 * > | --- | --- | --- |
 * > | [Global Administrator](#global-administrator) | Can manage …<br/>[![Privileged label icon.](./media/…/privileged-label.png)](…) | 62e90394-… |
 * ```
 *
 * Anything that does not have that shape is a problem, never a guess: a missing column, a row without a GUID,
 * a name or template ID that appears twice, a table where no role carries the PRIVILEGED label (the label's
 * markup changed). Every problem is collected, with `file:line`, before the reader gives up.
 * @see https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference
 */

/** One row of the table. */
export interface SourceRole {
  readonly name: string;
  /** Lower case. */
  readonly templateId: string;
  /** Microsoft's PRIVILEGED label is in the description cell. */
  readonly privileged: boolean;
  /** 1-based line in the source file. */
  readonly line: number;
}

export interface PermissionsReference {
  /** The page's `ms.date`, as YYYY-MM-DD. */
  readonly date: string;
  readonly roles: readonly SourceRole[];
}

/**
 * The table cannot be generated: the source does not have the shape the reader knows, or the supplement disagrees
 * with it. `problems` lists every one, each starting with the file (and line) it concerns.
 */
export class RoleTableError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The directory role table cannot be generated:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "RoleTableError";
  }
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEADING = /^##\s+All roles\s*$/;
const COLUMNS = { name: "Role", description: "Description", templateId: "Template ID" } as const;
// The label is an image linking to the page about privileged roles; prose that says "privileged" is not the label.
const PRIVILEGED_LABEL = /!\[[^\]]*\]\([^)]*privileged-label\.png\)/i;

/** Parses the page; throws RoleTableError listing every problem. */
export function parsePermissionsReference(markdown: string, file: string): PermissionsReference {
  const lines = markdown.replace(/^\uFEFF/, "").split(/\r?\n/);
  const problems: string[] = [];
  const at = (line: number, message: string) => problems.push(`${file}:${line}: ${message}`);
  const date = msDate(lines, at);
  const table = allRolesTable(lines, at);
  const roles = table ? tableRoles(table, lines, at) : [];
  if (table && roles.length > 0 && !roles.some((r) => r.privileged)) {
    at(
      table.headerLine,
      "no role carries the PRIVILEGED label (an image linking to privileged-label.png): its markup changed, so the PRIVILEGED markers cannot be read",
    );
  }
  noDuplicates(roles, at);
  if (problems.length || date === undefined) throw new RoleTableError(problems);
  return { date, roles };
}

type Report = (line: number, message: string) => void;

/** `ms.date: MM/DD/YYYY` in the front matter, as YYYY-MM-DD. */
function msDate(lines: readonly string[], at: Report): string | undefined {
  const end = lines[0]?.trim() === "---" ? lines.indexOf("---", 1) : -1;
  if (end < 0) {
    at(1, "no front matter (a block between '---' lines) with the page's ms.date");
    return undefined;
  }
  for (let i = 1; i < end; i++) {
    const m = /^ms\.date:\s*(.*?)\s*$/.exec(lines[i]!);
    if (!m) continue;
    const d = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(m[1]!);
    const iso = d ? `${d[3]}-${d[1]}-${d[2]}` : undefined;
    if (iso && !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) && new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso)) return iso;
    at(i + 1, `ms.date '${m[1]}' is not a date written MM/DD/YYYY`);
    return undefined;
  }
  at(1, "the front matter has no ms.date");
  return undefined;
}

interface Table {
  readonly headerLine: number;
  /** Column index of each field. */
  readonly columns: { readonly [K in keyof typeof COLUMNS]: number };
  readonly width: number;
  /** 0-based indexes of the data rows. */
  readonly rows: readonly number[];
}

/** The table under "## All roles": its header, delimiter row and data rows (up to the first line that is not a row). */
function allRolesTable(lines: readonly string[], at: Report): Table | undefined {
  const heading = lines.findIndex((l) => HEADING.test(l));
  if (heading < 0) {
    at(1, "no '## All roles' heading");
    return undefined;
  }
  let i = heading + 1;
  while (i < lines.length && !isRow(lines[i]!) && !/^#/.test(lines[i]!)) i++;
  if (i >= lines.length || !isRow(lines[i]!)) {
    at(heading + 1, "no table under '## All roles'");
    return undefined;
  }
  const header = cells(lines[i]!);
  const headerLine = i + 1;
  const index = (title: string) => header.findIndex((c) => c.toLowerCase() === title.toLowerCase());
  const columns = { name: index(COLUMNS.name), description: index(COLUMNS.description), templateId: index(COLUMNS.templateId) };
  const missing = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).filter((k) => columns[k] < 0).map((k) => `'${COLUMNS[k]}'`);
  if (missing.length) at(headerLine, `the All roles table has no ${missing.join(", ")} column (its columns: ${header.map((c) => `'${c}'`).join(", ")})`);
  if (!lines[i + 1] || !isRow(lines[i + 1]!) || !cells(lines[i + 1]!).every((c) => /^:?-{3,}:?$/.test(c))) {
    at(headerLine + 1, "the All roles table has no delimiter row (| --- | --- |) under its header");
  }
  const rows: number[] = [];
  for (let r = i + 2; r < lines.length && isRow(lines[r]!); r++) rows.push(r);
  if (rows.length === 0) at(headerLine, "the All roles table has no rows");
  return missing.length ? undefined : { headerLine, columns, width: header.length, rows };
}

function tableRoles(table: Table, lines: readonly string[], at: Report): SourceRole[] {
  const roles: SourceRole[] = [];
  for (const r of table.rows) {
    const line = r + 1;
    const row = cells(lines[r]!);
    if (row.length !== table.width) {
      at(line, `the row has ${row.length} cells, the header ${table.width}`);
      continue;
    }
    const name = roleName(row[table.columns.name]!);
    const id = row[table.columns.templateId]!.trim();
    if (name === undefined) at(line, `the Role cell '${row[table.columns.name]}' is neither a link [Name](#anchor) nor a plain name`);
    if (!GUID.test(id)) at(line, `${name === undefined ? "the row" : `'${name}'`} has no template ID GUID (found '${id}')`);
    if (name === undefined || !GUID.test(id)) continue;
    roles.push({ name, templateId: id.toLowerCase(), privileged: PRIVILEGED_LABEL.test(row[table.columns.description]!), line });
  }
  return roles;
}

function noDuplicates(roles: readonly SourceRole[], at: Report): void {
  const seen = { name: new Map<string, SourceRole>(), templateId: new Map<string, SourceRole>() };
  for (const role of roles) {
    const byName = seen.name.get(role.name.toLowerCase());
    if (byName) at(role.line, `role name '${role.name}' appears twice (also line ${byName.line})`);
    else seen.name.set(role.name.toLowerCase(), role);
    const byId = seen.templateId.get(role.templateId);
    if (byId) at(role.line, `template ID ${role.templateId} of '${role.name}' is also the template ID of '${byId.name}' (line ${byId.line})`);
    else seen.templateId.set(role.templateId, role);
  }
}

/** A table row, inside the block quote Microsoft puts it in (`> | … |`) or not. */
function isRow(line: string): boolean {
  return /^\s*(>\s*)?\|/.test(line);
}

/** The cells of a row, trimmed; `\|` is a pipe inside a cell. */
function cells(line: string): string[] {
  const body = line.replace(/^\s*(>\s*)?\|/, "").replace(/\|\s*$/, "");
  return body.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, "|").trim());
}

/** `[Global Administrator](#global-administrator)` or `Global Administrator`. */
function roleName(cell: string): string | undefined {
  const link = /^\[([^\]]+)\]\(#[^)\s]*\)$/.exec(cell);
  const text = (link ? link[1]! : cell).replace(/\\(.)/g, "$1").trim();
  return text && /^[\p{L}\p{N}][\p{L}\p{N} .,'&/()-]*$/u.test(text) && (link || !/[[\]()]/.test(cell)) ? text : undefined;
}
