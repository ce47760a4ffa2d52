import { issueAt, type CatalogIssue } from "../errors/issue";
import type { Catalog, Entry } from "../model/model";
import { groupMailNickname } from "./resolve";

/** A catalog field whose change makes Terraform destroy and recreate the object (ForceNew, or a new address). */
interface ReplacingField<T> {
  /** Catalog path of the field inside the entry, for the error location. */
  readonly path: readonly string[];
  readonly label: string;
  readonly value: (entry: T) => unknown;
}

type AnyEntry = Entry<{ id: string; previousIds?: readonly string[] | undefined; replace?: boolean | undefined }>;

/**
 * Fields that replace the object when they change, per kind, in catalog terms. Sources: the azuread 3.7.0 schema
 * (ForceNew: `azuread_group` assignable_to_role, mail_nickname, types;
 * `azuread_access_package` catalog_id; `azuread_directory_role_assignment` role_id and directory_scope_id;
 * `azuread_named_location` switching between ip and country) and idac's own mapping (a change of resource type or
 * of stack is a delete and a create).
 */
const REPLACING: {
  [
    K in
      | "groups"
      | "businessRoles"
      | "privilegedRoles"
      | "namedLocations"
      | "accessPackageCatalogs"
      | "conditionalAccessPolicies"
      | "authenticationStrengths"
      | "administrativeUnits"
  ]: ReplacingField<Catalog[K][number]>[];
} = {
  groups: [
    { path: ["assignableToRole"], label: "assignableToRole", value: (g) => g.spec.assignableToRole },
    { path: ["mailNickname"], label: "mail nickname", value: (g) => groupMailNickname(g.spec) },
    { path: ["membership", "type"], label: "membership type (dynamic or assigned)", value: (g) => g.spec.membership.type },
    {
      path: ["membership", "managed"],
      label: "membership.managed (azuread_group or azuread_group_without_members)",
      value: (g) => (g.spec.membership.type === "assigned" ? g.spec.membership.managed : "dynamic"),
    },
  ],
  businessRoles: [
    {
      path: ["assignment", "type"],
      label: "assignment type (the role group becomes dynamic or request-managed)",
      value: (r) => r.spec.assignment?.type ?? "none",
    },
    {
      path: ["assignment", "catalog"],
      label: "access package catalog",
      value: (r) => (r.spec.assignment?.type === "request" ? r.spec.assignment.catalog : undefined),
    },
    { path: ["id"], label: "domain (the Terraform stack of its access package)", value: (r) => (r.spec.assignment?.type === "request" ? r.domain : undefined) },
  ],
  privilegedRoles: [
    { path: ["directoryRole"], label: "directory role", value: (p) => p.directoryRoleTemplateId },
    { path: ["administrativeUnit"], label: "administrative unit scope", value: (p) => p.spec.administrativeUnit ?? "/" },
  ],
  namedLocations: [{ path: ["id"], label: "kind (ip or countries)", value: (l) => (l.spec.ip ? "ip" : "countries") }],
  accessPackageCatalogs: [],
  conditionalAccessPolicies: [],
  authenticationStrengths: [],
  administrativeUnits: [],
};

const NOUN: Record<keyof typeof REPLACING, string> = {
  groups: "group",
  businessRoles: "business role",
  privilegedRoles: "privileged role",
  namedLocations: "named location",
  accessPackageCatalogs: "access package catalog",
  conditionalAccessPolicies: "conditional access policy",
  authenticationStrengths: "authentication strength",
  administrativeUnits: "administrative unit",
};

/**
 * Compares the catalog with its base revision and reports every change that would replace an object. Replacing
 * an object gives it a new object ID, and every CA exclusion, role assignment and catalog link that pointed at the
 * old one breaks, so such a change is an error unless the entry says `replace: true` (then it is a warning that
 * names the replacement, for the reviewer).
 */
export function findReplacements(base: Catalog, head: Catalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  for (const kind of Object.keys(REPLACING) as (keyof typeof REPLACING)[]) {
    const before = new Map((base[kind] as readonly AnyEntry[]).map((e) => [e.id, e]));
    for (const entry of head[kind] as readonly AnyEntry[]) {
      const previous = before.get(entry.id) ?? (entry.spec.previousIds ?? []).map((id) => before.get(id)).find((e) => e !== undefined);
      if (!previous) continue;
      for (const field of REPLACING[kind] as ReplacingField<AnyEntry>[]) {
        const was = field.value(previous);
        const now = field.value(entry);
        if (JSON.stringify(was) === JSON.stringify(now)) continue;
        const at = entry.source.locate(field.path);
        const change = `${JSON.stringify(was) ?? "unset"} → ${JSON.stringify(now) ?? "unset"}`;
        if (entry.spec.replace) {
          issues.push(
            issueAt(
              at,
              "CATALOG_REPLACEMENT",
              `${capital(NOUN[kind])} '${entry.id}' will be replaced: its ${field.label} changes (${change}).`,
              "replace: true acknowledges this; remove it once the change is applied.",
              "warning",
            ),
          );
        } else {
          issues.push(
            issueAt(
              at,
              "CATALOG_FORCES_REPLACEMENT",
              `Changing the ${field.label} of ${NOUN[kind]} '${entry.id}' (${change}) ` +
                `replaces it in Entra: it gets a new object ID, and everything that points at it ` +
                `(conditional access exclusions, role assignments, access packages) is re-pointed or ` +
                `breaks.`,
              "If the replacement is intended, add 'replace: true' to the entry; otherwise revert the field.",
            ),
          );
        }
      }
    }
  }
  return issues;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
