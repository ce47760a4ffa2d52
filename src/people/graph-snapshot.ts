import { issueAt, type CatalogIssue } from "../errors/issue";
import { HR_ATTRIBUTES } from "../schema/hr-conditions";
import type { Person } from "./person";
import { DATE, MAX_PEOPLE, type PeopleSnapshot } from "./snapshot";

/** A Microsoft Graph user as an export holds it (annotations already taken out): only its properties are read. */
export type GraphUserObject = Readonly<Record<string, unknown>>;

/**
 * Where each HR attribute is in a Graph user: its property, or the object and property it is nested in
 * (`employeeOrgData.division`, `onPremisesExtensionAttributes.extensionAttribute1`).
 * @see https://learn.microsoft.com/graph/api/resources/user
 */
type PropertyPath = readonly [string] | readonly [string, string];
const GRAPH_PROPERTY: ReadonlyMap<string, PropertyPath> = new Map<string, PropertyPath>(
  Object.keys(HR_ATTRIBUTES)
    .filter((a) => a !== "userType")
    .map((a): [string, PropertyPath] => {
      if (a === "division" || a === "costCenter") return [a, ["employeeOrgData", a]];
      if (a.startsWith("extensionAttribute")) return [a, ["onPremisesExtensionAttributes", a]];
      return [a, [a]];
    }),
);

/**
 * The people of a Graph export's `users` collection, as {@link readPeopleCsv} reads them from a CSV: the same
 * person fields, from Graph's properties (`employeeOrgData.division`, `onPremisesExtensionAttributes.*`).
 * `source` names the file or folder in messages; each user is reported by its position in the collection and its
 * UPN. Every bad value is reported at once, and nothing is returned when there is one. A Graph export holds no
 * catalog IDs, so people from it hold no roles or groups of the catalog (`assignedRoles`, `eligibleRoles`,
 * `directGroups` are empty).
 */
export function readPeopleGraph(source: string, users: readonly GraphUserObject[]): { snapshot?: PeopleSnapshot; issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  if (!users.length)
    return {
      issues: [
        issueAt(
          { file: source, line: 1, col: 1, path: "users" },
          "PEOPLE_INVALID_SNAPSHOT",
          "The Graph export holds no users.",
          "Export the users collection (idac export writes it to users/).",
        ),
      ],
    };
  if (users.length > MAX_PEOPLE)
    return {
      issues: [
        issueAt(
          { file: source, line: 1, col: 1, path: "users" },
          "PEOPLE_INVALID_SNAPSHOT",
          `The Graph export holds ${users.length} users; idac reads at most ${MAX_PEOPLE}.`,
          "Export the users of one company or country.",
        ),
      ],
    };
  const people: Person[] = [];
  const byUpn = new Map<string, Person>();
  users.forEach((user, i) => {
    const before = issues.length;
    const person = personOf(source, user, i, issues);
    if (!person || issues.length > before) return;
    const key = person.upn.toLowerCase();
    const first = byUpn.get(key);
    if (first) {
      issues.push(
        issueAt(
          at(source, i, "userPrincipalName"),
          "PEOPLE_DUPLICATE_PERSON",
          `${person.upn} appears twice in the Graph export's users (users[${first.source.row - 1}] and users[${i}]).`,
          "Keep one object per user.",
        ),
      );
      return;
    }
    byUpn.set(key, person);
    people.push(person);
  });
  if (issues.length) return { issues };
  return { snapshot: { file: source, people, byUpn, columnOf: new Map() }, issues };
}

function at(file: string, index: number, property: string) {
  return { file, line: 1, col: 1, path: `users[${index}].${property}` };
}

function personOf(source: string, user: GraphUserObject, i: number, issues: CatalogIssue[]): Person | undefined {
  const rawUpn = user.userPrincipalName;
  const named = typeof rawUpn === "string" && rawUpn ? ` (${rawUpn})` : "";
  const bad = (property: string, message: string, hint: string) =>
    issues.push(issueAt(at(source, i, property), "PEOPLE_INVALID_VALUE", `users[${i}]${named}: ${message}`, hint));
  const text = (property: string, value: unknown): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      bad(
        property,
        `${property} is a JSON ${Array.isArray(value) ? "array" : typeof value}, not text.`,
        "Export the users as Microsoft Graph returns them (GET /users).",
      );
      return undefined;
    }
    return value.trim() || undefined;
  };
  const upn = text("userPrincipalName", rawUpn);
  if (!upn || !/^[^@\s]+@[^@\s]+$/.test(upn))
    bad(
      "userPrincipalName",
      upn ? `'${upn}' is not a user principal name.` : "the user has no userPrincipalName.",
      "Export users with $select=userPrincipalName,… (idac export does).",
    );
  const userTypeText = text("userType", user.userType) ?? "Member";
  const userType = /^member$/i.test(userTypeText) ? "Member" : /^guest$/i.test(userTypeText) ? "Guest" : undefined;
  if (!userType) bad("userType", `userType '${userTypeText}' is neither Member nor Guest.`, "Entra's user types are Member and Guest.");
  const enabled = user.accountEnabled;
  if (enabled !== undefined && enabled !== null && typeof enabled !== "boolean")
    bad("accountEnabled", `accountEnabled is ${JSON.stringify(enabled)}, not true or false.`, "Export the users as Microsoft Graph returns them (GET /users).");
  const date = (property: string) => {
    const v = text(property, user[property]);
    if (v !== undefined && !DATE.test(v))
      bad(property, `${property} '${v}' is not a date.`, "Graph returns dates as ISO 8601, for example 2026-03-31T00:00:00Z.");
    return v;
  };
  const employeeHireDate = date("employeeHireDate");
  const employeeLeaveDateTime = date("employeeLeaveDateTime");
  const hr: Record<string, string> = {};
  const notObjects = new Set<string>();
  for (const [attribute, [first, nested]] of GRAPH_PROPERTY) {
    let value = Object.hasOwn(user, first) ? user[first] : undefined;
    if (nested !== undefined && value !== undefined && value !== null) {
      if (typeof value !== "object" || Array.isArray(value)) {
        if (!notObjects.has(first)) bad(first, `${first} is not an object.`, "Export the users as Microsoft Graph returns them (GET /users).");
        notObjects.add(first);
        continue;
      }
      value = Object.hasOwn(value, nested) ? (value as Record<string, unknown>)[nested] : undefined;
    }
    const v = text(nested ? `${first}.${nested}` : first, value);
    if (v !== undefined) hr[attribute] = v;
  }
  if (!upn || !userType) return undefined;
  return {
    upn,
    displayName: text("displayName", user.displayName) ?? upn,
    userType,
    // Graph leaves accountEnabled out only when it was not selected; the CSV's default is the same.
    accountEnabled: enabled !== false,
    hr,
    ...(employeeHireDate ? { employeeHireDate } : {}),
    ...(employeeLeaveDateTime ? { employeeLeaveDateTime } : {}),
    assignedRoles: [],
    eligibleRoles: [],
    directGroups: [],
    source: { file: source, row: i + 1 },
  };
}
