import { didYouMean } from "../errors/suggest";
import { DIRECTORY_ROLE_TABLE_SOURCE, DIRECTORY_ROLES, FORMER_DIRECTORY_ROLE_NAMES, type DirectoryRoleDefinition } from "./directory-role-table";

export interface DirectoryRole extends DirectoryRoleDefinition {
  /** On ScubaGear's list of highly privileged roles (MS.AAD.7.x). */
  readonly highlyPrivileged: boolean;
}

/**
 * How a catalog names a built-in role: by its display name (any case), by its role template ID, or by a former
 * name (which still resolves, with a warning). The outcome of a look-up says which, or why there is no role.
 */
export interface DirectoryRoleLookup {
  readonly role?: DirectoryRole;
  /** How the reference matched the role. */
  readonly matched?: "name" | "templateId" | "formerName";
  /**
   * For an unknown name: the current names it may mean. The roles whose names contain it as whole words ("Backup
   * Administrator": the four backup roles), when there are a few; otherwise the closest name.
   */
  readonly suggestions?: readonly string[];
  /** The reference is a GUID, but no role in this version of the table has it as its template ID. */
  readonly unknownTemplateId?: true;
}

/** ScubaGear's highly privileged roles (MS.AAD.7.x); kept by hand, not generated. */
export const HIGHLY_PRIVILEGED_ROLE_NAMES: readonly string[] = [
  "Global Administrator",
  "Privileged Role Administrator",
  "User Administrator",
  "SharePoint Administrator",
  "Exchange Administrator",
  "Hybrid Identity Administrator",
  "Application Administrator",
  "Cloud Application Administrator",
];

/** ScubaGear's highly privileged role names, lower case. */
export const HIGHLY_PRIVILEGED_ROLE_NAMES_LOWER: readonly string[] = HIGHLY_PRIVILEGED_ROLE_NAMES.map((n) => n.toLowerCase());

export const GLOBAL_ADMINISTRATOR_TEMPLATE_ID = "62e90394-69f5-4237-9190-012177145e10";

/** The `ms.date` of Microsoft's list the table was generated from (YYYY-MM-DD). */
const DIRECTORY_ROLE_TABLE_DATE = DIRECTORY_ROLE_TABLE_SOURCE.date;

/** More roles than this containing a name ("Administrator") are no suggestion. */
const MAX_SUGGESTIONS = 5;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLES: readonly DirectoryRole[] = DIRECTORY_ROLES.map((r) => ({
  ...r,
  highlyPrivileged: HIGHLY_PRIVILEGED_ROLE_NAMES_LOWER.includes(r.name.toLowerCase()),
}));
const byName = new Map(ROLES.map((r) => [r.name.toLowerCase(), r]));
const byTemplateId = new Map(ROLES.map((r) => [r.templateId, r]));
const byFormerName = new Map(FORMER_DIRECTORY_ROLE_NAMES.map((f) => [f.name.toLowerCase(), byTemplateId.get(f.templateId)!]));

/**
 * Finds a built-in directory role by display name (case-insensitive), role template ID (a GUID, any case) or former
 * name. An unknown name comes back with the names it may mean, an unknown GUID marked as such.
 * @see https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference
 */
export function findDirectoryRole(reference: string): DirectoryRoleLookup {
  const key = reference.trim().toLowerCase();
  if (GUID.test(key)) {
    const role = byTemplateId.get(key);
    return role ? { role, matched: "templateId" } : { unknownTemplateId: true };
  }
  const role = byName.get(key);
  if (role) return { role, matched: "name" };
  const renamed = byFormerName.get(key);
  if (renamed) return { role: renamed, matched: "formerName" };
  const containing = ROLES.filter((r) => containsWords(r.name, key)).map((r) => r.name);
  if (containing.length > 0 && containing.length <= MAX_SUGGESTIONS) return { suggestions: containing };
  const suggestion = didYouMean(
    reference.trim(),
    DIRECTORY_ROLES.map((r) => r.name),
  );
  return suggestion ? { suggestions: [suggestion] } : {};
}

/** Whether `words` appear in `name` as a run of whole words, ignoring case. */
function containsWords(name: string, words: string): boolean {
  const n = ` ${name.toLowerCase().split(/\s+/).join(" ")} `;
  const w = words.split(/\s+/).filter(Boolean).join(" ");
  return w.length > 0 && n.includes(` ${w} `);
}

/**
 * The role's current name when the reference is its template ID or a former name, otherwise the reference as
 * written (so a name keeps the case its author chose, and text derived from it does not change).
 */
export function directoryRoleName(reference: string): string {
  const found = findDirectoryRole(reference);
  return found.role && found.matched !== "name" ? found.role.name : reference;
}

/**
 * Which version of Microsoft's list the table is: a template ID missing from it is a custom role (idac manages
 * built-in roles only) or a role Microsoft published later. Used by every message about an unknown template ID.
 */
export const ROLE_TABLE_VERSION = `this version of idac's role table (Microsoft Entra built-in roles of ${DIRECTORY_ROLE_TABLE_DATE}${
  DIRECTORY_ROLE_TABLE_SOURCE.publishedSince.length ? `, and ${DIRECTORY_ROLE_TABLE_SOURCE.publishedSince.length} roles published since` : ""
})`;

/** How to bring the table up to date with Microsoft's list. */
export const REFRESH_ROLE_TABLE_HINT = "refresh the table with npx tsx scripts/directory-roles.ts <permissions-reference.md> (see scripts/README.md)";
