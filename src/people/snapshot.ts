import { issueAt, type CatalogIssue } from "../errors/issue";
import { didYouMean } from "../errors/suggest";
import type { Catalog } from "../model/model";
import { HR_ATTRIBUTES } from "../schema/hr-conditions";
import { PERSON_FIELDS } from "../schema/people";
import type { HeldAccess, Person } from "./person";
import { csvRecords } from "./private/csv";

/** Other names of fields, as Graph and HR exports spell them. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ["userprincipalname", "upn"],
  ["mail", "upn"],
  ["email", "upn"],
]);

/** How a snapshot's columns map to person fields: field → column header, and columns read by nothing. */
export interface PeopleColumns {
  readonly columns?: Readonly<Partial<Record<string, string>>>;
  readonly ignoreColumns?: readonly string[];
}

/** A snapshot: its people by lower-case UPN, in file order. */
export interface PeopleSnapshot {
  readonly file: string;
  readonly people: readonly Person[];
  readonly byUpn: ReadonlyMap<string, Person>;
  /** 1-based column of each field read, for positions of later findings. */
  readonly columnOf: ReadonlyMap<string, number>;
}

/** At most this many people in one snapshot (a bound on memory for a hostile file). */
export const MAX_PEOPLE = 500_000;

/** A date as HR exports and Graph write it: YYYY-MM-DD, or ISO 8601 with a time. */
export const DATE = /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/;
const HELD = /^([A-Za-z0-9][A-Za-z0-9_.-]*)(?:\s+since\s+(\d{4}-\d{2}-\d{2}))?(?:\s+until\s+(\d{4}-\d{2}-\d{2}))?$/i;

/**
 * Reads an HR snapshot exported as CSV (UTF-8, a header row, comma-separated). Every bad row and cell is reported
 * at once with file:row:column (rows count the header as row 1); nothing is returned when there is an error.
 * `assignedRoles`, `eligibleRoles` and `directGroups` hold `;`-separated catalog IDs, each optionally followed by
 * `since YYYY-MM-DD` and `until YYYY-MM-DD`.
 */
export function readPeopleCsv(file: string, text: string, mapping: PeopleColumns = {}): { snapshot?: PeopleSnapshot; issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  const at = (row: number, col: number, path: string) => ({ file, line: row, col, path });
  const parsed = csvRecords(text);
  if ("error" in parsed)
    return {
      issues: [
        issueAt(
          at(parsed.line, 1, "people"),
          "PEOPLE_INVALID_SNAPSHOT",
          `The HR snapshot cannot be read as CSV: ${parsed.error}.`,
          "Export the snapshot as comma-separated UTF-8 text with one header row.",
        ),
      ],
    };
  const records = parsed.records;
  if (!records.length)
    return {
      issues: [
        issueAt(at(1, 1, "people"), "PEOPLE_INVALID_SNAPSHOT", "The HR snapshot is empty.", "Export the snapshot with a header row and one row per person."),
      ],
    };
  if (records.length - 1 > MAX_PEOPLE)
    return {
      issues: [
        issueAt(
          at(1, 1, "people"),
          "PEOPLE_INVALID_SNAPSHOT",
          `The HR snapshot holds ${records.length - 1} people; idac reads at most ${MAX_PEOPLE}.`,
          "Split the snapshot by company or country.",
        ),
      ],
    };
  const header = records[0]!.fields;
  const fieldOf = columnFields(file, header, mapping, issues);
  if (!fieldOf.has("upn"))
    issues.push(
      issueAt(
        at(1, 1, "people.columns.upn"),
        "PEOPLE_MISSING_COLUMN",
        "The HR snapshot has no column for the user principal name (upn).",
        "Name a column upn or userPrincipalName, or map it in the catalog: people: { columns: { upn: <your column> } }.",
      ),
    );
  const people: Person[] = [];
  const byUpn = new Map<string, Person>();
  const hrColumns = Object.keys(HR_ATTRIBUTES).flatMap((a) => (a !== "userType" && fieldOf.has(a) ? [[a, fieldOf.get(a)!] as const] : []));
  for (let r = 1; r < records.length; r++) {
    const { fields: record, line: row } = records[r]!;
    const cells: Row = { file, row, record, header, fieldOf };
    const before = issues.length;
    const person = readRow(cells, hrColumns, issues);
    if (!person || issues.length > before) continue;
    const key = person.upn.toLowerCase();
    const first = byUpn.get(key);
    if (first) {
      issues.push(
        issueAt(
          cellAt(cells, "upn"),
          "PEOPLE_DUPLICATE_PERSON",
          `${person.upn} appears twice in the HR snapshot (rows ${first.source.row} and ${row}).`,
          "Keep one row per person.",
        ),
      );
      continue;
    }
    byUpn.set(key, person);
    people.push(person);
  }
  if (issues.length) return { issues };
  return { snapshot: { file, people, byUpn, columnOf: new Map([...fieldOf].map(([f, i]) => [f, i + 1])) }, issues };
}

function columnFields(file: string, header: readonly string[], mapping: PeopleColumns, issues: CatalogIssue[]): Map<string, number> {
  const known = new Map(PERSON_FIELDS.map((f) => [f.toLowerCase(), f as string]));
  const mapped = new Map<string, string>();
  const columns = Object.entries(mapping.columns ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
  for (const [field, column] of columns) mapped.set(column.toLowerCase(), field);
  const ignored = new Set((mapping.ignoreColumns ?? []).map((c) => c.toLowerCase()));
  const out = new Map<string, number>();
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    const field = mapped.get(name) ?? known.get(name) ?? ALIASES.get(name);
    const at = { file, line: 1, col: i + 1, path: `people.columns` };
    if (field === undefined) {
      if (ignored.has(name)) return;
      const s = didYouMean(raw.trim(), [...PERSON_FIELDS, ...columns.map(([, c]) => c)]);
      issues.push(
        issueAt(
          at,
          "PEOPLE_UNKNOWN_COLUMN",
          `The HR snapshot's column '${raw}' is not a field idac reads.${s ? ` Did you mean '${s}'?` : ""}`,
          `Map it in the catalog (people: { columns: { department: "${raw}" } }) or list it under people.ignoreColumns. ` +
            `Fields: ${PERSON_FIELDS.slice(0, 10).join(", ")}, ….`,
        ),
      );
      return;
    }
    if (out.has(field)) {
      issues.push(
        issueAt(
          at,
          "PEOPLE_UNKNOWN_COLUMN",
          `Two columns of the HR snapshot hold ${field} (columns ${out.get(field)! + 1} and ${i + 1}).`,
          "Keep one column per field, or list the other under people.ignoreColumns.",
        ),
      );
      return;
    }
    out.set(field, i);
  });
  return out;
}

/** One row of the snapshot, read field by field (no closure per row: 100,000 rows are read in well under a second). */
interface Row {
  readonly file: string;
  readonly row: number;
  readonly record: readonly string[];
  readonly header: readonly string[];
  readonly fieldOf: ReadonlyMap<string, number>;
}

/** The trimmed value of a field, or undefined when the snapshot has no column for it. */
function cellValue(r: Row, field: string): string | undefined {
  const i = r.fieldOf.get(field);
  return i === undefined ? undefined : (r.record[i] ?? "").trim();
}

/** Where a field's cell is, for a message: file, row and column. */
function cellAt(r: Row, field: string): { file: string; line: number; col: number; path: string } {
  const i = r.fieldOf.get(field)!;
  return { file: r.file, line: r.row, col: i + 1, path: `people[row ${r.row}].${r.header[i]}` };
}

function bad(r: Row, issues: CatalogIssue[], field: string, message: string, hint: string): void {
  issues.push(issueAt(cellAt(r, field), "PEOPLE_INVALID_VALUE", message, hint));
}

function dateOf(r: Row, issues: CatalogIssue[], field: string): string | undefined {
  const v = cellValue(r, field);
  if (!v) return undefined;
  if (!DATE.test(v)) bad(r, issues, field, `${field} '${v}' is not a date.`, "Use YYYY-MM-DD or an ISO 8601 date and time, as Graph returns it.");
  return v;
}

function heldOf(r: Row, issues: CatalogIssue[], field: string): HeldAccess[] {
  const value = cellValue(r, field);
  if (!value) return [];
  const out: HeldAccess[] = [];
  for (const raw of value.split(";")) {
    const part = raw.trim();
    if (!part) continue;
    const m = HELD.exec(part);
    if (!m) {
      bad(
        r,
        issues,
        field,
        `'${part}' in ${field} is not a catalog ID with optional since/until dates.`,
        "Write entries like fin-payment-approver until 2027-03-31, separated by semicolons.",
      );
      continue;
    }
    out.push({ id: m[1]!, ...(m[2] ? { since: m[2] } : {}), ...(m[3] ? { until: m[3] } : {}) });
  }
  return out;
}

function readRow(r: Row, hrColumns: readonly (readonly [string, number])[], issues: CatalogIssue[]): Person | undefined {
  const upn = cellValue(r, "upn");
  if (upn === undefined) return undefined;
  if (!/^[^@\s]+@[^@\s]+$/.test(upn))
    bad(
      r,
      issues,
      "upn",
      upn ? `'${upn}' is not a user principal name.` : "The user principal name is empty.",
      "Give the person's sign-in name, for example ana.lima@contoso.org.",
    );
  const userTypeText = cellValue(r, "userType") || "Member";
  const userType = /^member$/i.test(userTypeText) ? "Member" : /^guest$/i.test(userTypeText) ? "Guest" : undefined;
  if (!userType) bad(r, issues, "userType", `userType '${userTypeText}' is neither Member nor Guest.`, "Use Member or Guest, as Entra does.");
  const enabledText = (cellValue(r, "accountEnabled") || "true").toLowerCase();
  const accountEnabled = ENABLED.has(enabledText) ? true : DISABLED.has(enabledText) ? false : undefined;
  if (accountEnabled === undefined)
    bad(r, issues, "accountEnabled", `accountEnabled '${cellValue(r, "accountEnabled")}' is not true or false.`, "Use true or false.");
  const employeeHireDate = dateOf(r, issues, "employeeHireDate");
  const employeeLeaveDateTime = dateOf(r, issues, "employeeLeaveDateTime");
  const hr: Record<string, string> = {};
  for (const [attribute, i] of hrColumns) {
    const v = r.record[i]?.trim();
    if (v) hr[attribute] = v;
  }
  const assignedRoles = heldOf(r, issues, "assignedRoles");
  const eligibleRoles = heldOf(r, issues, "eligibleRoles");
  const directGroups = heldOf(r, issues, "directGroups");
  if (!userType || accountEnabled === undefined) return undefined;
  return {
    upn,
    displayName: cellValue(r, "displayName") || upn,
    userType,
    accountEnabled,
    hr,
    ...(employeeHireDate ? { employeeHireDate } : {}),
    ...(employeeLeaveDateTime ? { employeeLeaveDateTime } : {}),
    assignedRoles,
    eligibleRoles,
    directGroups,
    source: { file: r.file, row: r.row },
  };
}

const ENABLED = new Set(["true", "yes", "1"]);
const DISABLED = new Set(["false", "no", "0"]);

/**
 * Checks what a snapshot says people hold against the catalog: `assignedRoles` are requestable business roles,
 * `eligibleRoles` privileged roles, `directGroups` groups. An ID the catalog does not know is an error with the
 * closest ID, so a typo is never read as "holds nothing".
 */
export function checkSnapshotReferences(snapshot: PeopleSnapshot, catalog: Catalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const kinds = [
    ["assignedRoles", "requestable business role", catalog.businessRoles.filter((r) => r.spec.assignment?.type === "request").map((r) => r.id)],
    ["eligibleRoles", "privileged role", catalog.privilegedRoles.map((r) => r.id)],
    ["directGroups", "group", catalog.groups.filter((g) => g.spec.membership.type === "assigned").map((g) => g.id)],
  ] as const;
  for (const person of snapshot.people) {
    for (const [field, what, ids] of kinds) {
      const known = new Set<string>(ids);
      for (const held of person[field]) {
        if (known.has(held.id)) continue;
        const s = didYouMean(held.id, ids);
        issues.push(
          issueAt(
            { file: snapshot.file, line: person.source.row, col: snapshot.columnOf.get(field) ?? 1, path: `people[row ${person.source.row}].${field}` },
            "PEOPLE_UNKNOWN_REFERENCE",
            `${field} of ${person.upn} names '${held.id}', which is no ${what} of the catalog.${s ? ` Did you mean '${s}'?` : ""}`,
            `${field} lists ${what} IDs of the catalog, separated by semicolons.`,
          ),
        );
      }
    }
  }
  return issues;
}
