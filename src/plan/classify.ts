import { parseLogicalId, type LogicalIdKind } from "../model/addresses";
import type { ResourceChange } from "./plan-json";
import { idacKindOf } from "./idac-resources";

/** Review sections, in risk order. */
export const SECTIONS = ["privileged", "conditional-access", "governance", "access-packages", "groups", "other"] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_TITLE: Record<Section, string> = {
  privileged: "Privileged access",
  "conditional-access": "Conditional access",
  governance: "Governance (Microsoft Graph)",
  "access-packages": "Access packages and policies",
  groups: "Groups",
  other: "Other",
};

const BY_TYPE: Record<string, Section> = {
  azuread_directory_role: "privileged",
  azuread_directory_role_assignment: "privileged",
  azuread_directory_role_eligibility_schedule_request: "privileged",
  azuread_privileged_access_group_eligibility_schedule: "privileged",
  azuread_privileged_access_group_assignment_schedule: "privileged",
  azuread_group_role_management_policy: "privileged",
  azuread_conditional_access_policy: "conditional-access",
  azuread_named_location: "conditional-access",
  azuread_authentication_strength_policy: "conditional-access",
  azuread_access_package: "access-packages",
  azuread_access_package_assignment_policy: "access-packages",
  azuread_access_package_catalog: "access-packages",
  azuread_access_package_resource_catalog_association: "access-packages",
  azuread_access_package_resource_package_association: "access-packages",
  azuread_group: "groups",
  azuread_group_without_members: "groups",
  azuread_group_member: "groups",
  azuread_administrative_unit: "groups",
  azuread_administrative_unit_member: "groups",
  msgraph_resource: "governance",
  msgraph_resource_collection: "governance",
  msgraph_update_resource: "governance",
  terraform_data: "governance",
};

/** Catalog terms for each kind of logical ID. */
const NOUN: Partial<Record<LogicalIdKind, string>> = {
  group: "group",
  roleGroup: "role group of business role",
  pimGroup: "PIM group of privileged role",
  groupMember: "membership of",
  roleAppRole: "app role of business role",
  accessPackage: "access package of business role",
  accessPackagePolicy: "assignment policy of business role",
  accessPackageCatalog: "access package catalog",
  catalogResource: "catalog resource",
  packageResource: "package resource of business role",
  roleAssignment: "role assignment of privileged role",
  pimPolicy: "PIM activation policy of privileged role",
  eligibility: "eligibility for privileged role",
  activeAssignment: "active assignment of privileged role",
  directoryRole: "directory role activation",
  namedLocation: "named location",
  authenticationStrength: "authentication strength",
  conditionalAccessPolicy: "conditional access policy",
  administrativeUnit: "administrative unit",
  administrativeUnitMember: "administrative unit membership",
  // --- access reviews, SoD enforcement, automatic assignment ---
  accessReview: "access review",
  incompatiblePackage: "incompatible access packages of business roles",
  incompatibleGroups: "incompatible groups of business role",
  autoAssignment: "automatic assignment policy of business role",
  // --- end access reviews, SoD enforcement, automatic assignment ---
  // --- lifecycle workflows, authentication methods, directory role settings ---
  lifecycleWorkflow: "lifecycle workflow",
  lifecycleWorkflowVersion: "version (tasks and conditions) of lifecycle workflow",
  authenticationMethod: "authentication method settings",
  directoryRolePolicy: "PIM policy of directory role settings",
  directoryRoleRule: "PIM rule of directory role settings",
  // --- end lifecycle workflows, authentication methods, directory role settings ---
};

export function sectionOf(change: ResourceChange): Section {
  // Plain objects are not maps: a resource type named like an Object member must not find one.
  const section = Object.hasOwn(BY_TYPE, change.type) ? BY_TYPE[change.type]! : "other";
  // A PIM group is privileged access even though it is a group.
  if (section === "groups" && parseLogicalId(change.name)?.kind === "pimGroup") return "privileged";
  return section;
}

/** "conditional access policy 'ca001-block-legacy-authentication'" for `azuread_conditional_access_policy.ca__ca001_…`. */
export function catalogTerms(change: Pick<ResourceChange, "type" | "name">): { kind: string; catalogId: string } {
  const parsed = parseLogicalId(change.name);
  // A name of another kind than its type holds (or a type idac does not emit) is not a catalog entry.
  if (!parsed || ((change.type.startsWith("azuread_") || change.type.startsWith("msgraph_")) && !idacKindOf(change.type, change.name)))
    return { kind: change.type, catalogId: change.name };
  const noun = Object.hasOwn(NOUN, parsed.kind) ? NOUN[parsed.kind]! : parsed.kind;
  return { kind: noun, catalogId: parsed.parts.join(" / ") };
}

/** The display name Terraform knows for the object, before or after the change. */
export function displayNameOf(change: ResourceChange): string | undefined {
  // azuread resources carry display_name; Microsoft Graph resources (msgraph) carry it in their request body.
  const pick = (v: unknown) => {
    if (!v || typeof v !== "object") return undefined;
    const o = v as { display_name?: unknown; body?: { displayName?: unknown } };
    if (typeof o.display_name === "string") return o.display_name;
    return o.body && typeof o.body === "object" && typeof o.body.displayName === "string" ? o.body.displayName : undefined;
  };
  return pick(change.change.after) ?? pick(change.change.before);
}

/** Attributes that matter to a reviewer of identity changes, per resource type (others are summarised as a count). */
export const SIGNIFICANT: Record<string, readonly string[]> = {
  azuread_conditional_access_policy: ["state", "conditions", "grant_controls", "session_controls", "display_name"],
  azuread_named_location: ["ip", "country", "display_name"],
  azuread_authentication_strength_policy: ["allowed_combinations"],
  azuread_access_package_assignment_policy: [
    "requestor_settings",
    "approval_settings",
    "assignment_review_settings",
    "duration_in_days",
    "expiration_date",
    "extension_enabled",
  ],
  azuread_access_package: ["catalog_id", "hidden", "display_name"],
  azuread_group: ["members", "owners", "dynamic_membership", "assignable_to_role", "mail_nickname", "types", "display_name", "visibility"],
  azuread_group_without_members: ["owners", "assignable_to_role", "mail_nickname", "display_name"],
  azuread_group_role_management_policy: ["activation_rules", "eligible_assignment_rules", "active_assignment_rules"],
  azuread_privileged_access_group_eligibility_schedule: ["principal_id", "group_id", "expiration_date", "duration", "assignment_type"],
  azuread_privileged_access_group_assignment_schedule: ["principal_id", "group_id", "expiration_date", "duration", "permanent_assignment"],
  azuread_directory_role_assignment: ["role_id", "principal_object_id", "directory_scope_id"],
  azuread_app_role_assignment: ["app_role_id", "principal_object_id", "resource_object_id"],
  msgraph_resource: ["url", "body", "api_version"],
  msgraph_resource_collection: ["url", "reference_ids", "api_version"],
  msgraph_update_resource: ["url", "body", "api_version"],
};
