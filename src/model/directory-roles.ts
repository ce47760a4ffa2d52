import { didYouMean } from "../errors/suggest";
import { DIRECTORY_ROLES, type DirectoryRoleDefinition } from "./directory-role-table";

export interface DirectoryRole extends DirectoryRoleDefinition {
  /** On ScubaGear's list of highly privileged roles (MS.AAD.7.x). */
  readonly highlyPrivileged: boolean;
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

const byName = new Map<string, DirectoryRole>(
  DIRECTORY_ROLES.map((r) => [r.name.toLowerCase(), { ...r, highlyPrivileged: HIGHLY_PRIVILEGED_ROLE_NAMES.includes(r.name) }]),
);

/** Finds a built-in directory role by display name (case-insensitive), with a suggestion when there is none. */
export function findDirectoryRole(name: string): { role?: DirectoryRole; suggestion?: string } {
  const role = byName.get(name.trim().toLowerCase());
  if (role) return { role };
  const suggestion = didYouMean(name, DIRECTORY_ROLES.map((r) => r.name));
  return suggestion ? { suggestion } : {};
}

/** ScubaGear's highly privileged role names, lower case. */
export const HIGHLY_PRIVILEGED_ROLE_NAMES_LOWER: readonly string[] = HIGHLY_PRIVILEGED_ROLE_NAMES.map((n) => n.toLowerCase());

export const GLOBAL_ADMINISTRATOR_TEMPLATE_ID = "62e90394-69f5-4237-9190-012177145e10";
