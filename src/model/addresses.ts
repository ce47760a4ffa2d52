import { createHash } from "node:crypto";

/**
 * Terraform logical IDs, derived from catalog IDs only (never display names or list positions), so renaming
 * a display name updates in place and reordering files changes nothing. Catalog IDs use single hyphens and no
 * underscores, so replacing '-' by '_' is one-to-one; each kind has its own prefix so IDs of different kinds
 * never collide. Plan review maps Terraform addresses back to catalog entries with {@link parseLogicalId}.
 */
const LOGICAL_ID_PREFIX = {
  administrativeUnit: "au",
  administrativeUnitMember: "au_member",
  group: "group",
  groupMember: "group_member",
  roleGroup: "role",
  roleAppRole: "role_app_role",
  accessPackageCatalog: "catalog",
  accessPackage: "access_package",
  accessPackagePolicy: "access_package_policy",
  catalogResource: "catalog_resource",
  packageResource: "package_resource",
  pimGroup: "pim",
  directoryRole: "directory_role",
  roleAssignment: "role_assignment",
  pimPolicy: "pim_policy",
  eligibility: "eligible",
  activeAssignment: "active",
  namedLocation: "location",
  authenticationStrength: "auth_strength",
  conditionalAccessPolicy: "ca",
  // --- access reviews, SoD enforcement, automatic assignment (msgraph) ---
  accessReview: "access_review",
  incompatiblePackage: "incompatible_package",
  incompatibleGroups: "incompatible_groups",
  autoAssignment: "auto_assignment",
  // --- end access reviews, SoD enforcement, automatic assignment ---
  // --- lifecycle workflows, authentication methods, directory role settings (msgraph) ---
  lifecycleWorkflow: "lifecycle_workflow",
  lifecycleWorkflowVersion: "lifecycle_workflow_version",
  authenticationMethod: "auth_method",
  directoryRolePolicy: "directory_role_policy",
  directoryRoleRule: "directory_role_rule",
  // --- end lifecycle workflows, authentication methods, directory role settings ---
  user: "user",
  servicePrincipal: "sp",
} as const;

export type LogicalIdKind = keyof typeof LOGICAL_ID_PREFIX;

/** `group` + `fin-ap` → `group_fin_ap`; extra parts are joined with `__`. */
export function logicalId(kind: LogicalIdKind, ...catalogIds: string[]): string {
  return [LOGICAL_ID_PREFIX[kind], ...catalogIds.map((id) => id.replace(/[^A-Za-z0-9]/g, "_"))].join("__");
}

/**
 * Logical ID of a user data source. UPNs may contain characters that are not allowed in Terraform names, so
 * the readable part is sanitised and a short hash of the exact (lower-case) UPN keeps it unique.
 */
export function userLogicalId(ref: string): string {
  const readable = ref
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 48);
  const hash = createHash("sha256").update(ref.toLowerCase()).digest("hex").slice(0, 8);
  return `${LOGICAL_ID_PREFIX.user}__${readable}_${hash}`;
}

/** The kind and catalog IDs a logical ID was derived from, or undefined for IDs idac did not derive. */
export function parseLogicalId(id: string): { kind: LogicalIdKind; parts: string[] } | undefined {
  const [prefix, ...rest] = id.split("__");
  const kind = (Object.keys(LOGICAL_ID_PREFIX) as LogicalIdKind[]).find((k) => LOGICAL_ID_PREFIX[k] === prefix);
  if (!kind || rest.length === 0) return undefined;
  return { kind, parts: rest.map((p) => p.replace(/_/g, "-")) };
}
