import { parseLogicalId, type LogicalIdKind } from "../model/addresses";

/**
 * The managed resource types idac emits (src/constructs), each with the logical ID kinds it is named with and how
 * many catalog parts such a name has (`group_member__<group>__role__<role>` has three). Anything else in a plan
 * did not come from the catalog compiler.
 */
export const IDAC_RESOURCE_KINDS: Readonly<Record<string, readonly ResourceShape[]>> = {
  azuread_group: [
    { kind: "group", parts: 1 },
    { kind: "roleGroup", parts: 1 },
  ],
  azuread_group_without_members: [
    { kind: "group", parts: 1 },
    { kind: "roleGroup", parts: 1 },
    { kind: "pimGroup", parts: 1 },
  ],
  azuread_group_member: [{ kind: "groupMember", parts: 3, fixed: { 1: "role" } }],
  azuread_administrative_unit: [{ kind: "administrativeUnit", parts: 1 }],
  azuread_administrative_unit_member: [{ kind: "administrativeUnitMember", parts: 3, fixed: { 1: "group" } }],
  azuread_access_package_catalog: [{ kind: "accessPackageCatalog", parts: 1 }],
  azuread_access_package: [{ kind: "accessPackage", parts: 1 }],
  azuread_access_package_assignment_policy: [{ kind: "accessPackagePolicy", parts: 1 }],
  azuread_access_package_resource_catalog_association: [{ kind: "catalogResource", parts: 3, fixed: { 1: "role" } }],
  azuread_access_package_resource_package_association: [{ kind: "packageResource", parts: 1 }],
  azuread_app_role_assignment: [{ kind: "roleAppRole", parts: 3 }],
  azuread_directory_role: [{ kind: "directoryRole", parts: 1 }],
  azuread_directory_role_assignment: [{ kind: "roleAssignment", parts: 1 }],
  azuread_group_role_management_policy: [{ kind: "pimPolicy", parts: 1 }],
  azuread_privileged_access_group_eligibility_schedule: [{ kind: "eligibility", parts: 2 }],
  azuread_privileged_access_group_assignment_schedule: [{ kind: "activeAssignment", parts: 2 }],
  azuread_named_location: [{ kind: "namedLocation", parts: 1 }],
  azuread_authentication_strength_policy: [{ kind: "authenticationStrength", parts: 1 }],
  azuread_conditional_access_policy: [{ kind: "conditionalAccessPolicy", parts: 1 }],
  // Microsoft Graph objects azuread cannot manage (msgraph provider). A generic Graph resource can write anything, so each
  // kind also names the only Graph URLs it may use.
  msgraph_resource: [
    // --- access reviews, SoD enforcement, automatic assignment ---
    { kind: "accessReview", parts: 1, url: /^identityGovernance\/accessReviews\/definitions$/ },
    { kind: "incompatiblePackage", parts: 2, url: /^identityGovernance\/entitlementManagement\/accessPackages\/[^/]+\/incompatibleAccessPackages\/\$ref$/ },
    { kind: "autoAssignment", parts: 1, url: /^identityGovernance\/entitlementManagement\/assignmentPolicies$/ },
    // --- end access reviews, SoD enforcement, automatic assignment ---
    // --- lifecycle workflows ---
    { kind: "lifecycleWorkflow", parts: 1, url: /^identityGovernance\/lifecycleWorkflows\/workflows$/ },
    // --- end lifecycle workflows ---
  ],
  msgraph_resource_collection: [
    // --- access reviews, SoD enforcement, automatic assignment ---
    { kind: "incompatibleGroups", parts: 1, url: /^identityGovernance\/entitlementManagement\/accessPackages\/[^/]+\/incompatibleGroups\/\$ref$/ },
    // --- end access reviews, SoD enforcement, automatic assignment ---
  ],
  msgraph_update_resource: [
    // --- authentication methods, directory role activation settings ---
    {
      kind: "authenticationMethod",
      parts: 1,
      url: /^policies\/authenticationMethodsPolicy(?:\/authenticationMethodConfigurations\/(?:Fido2|MicrosoftAuthenticator|TemporaryAccessPass|Sms|Voice))?$/,
    },
    {
      kind: "directoryRoleRule",
      parts: 2,
      url: /^policies\/roleManagementPolicies\/[^/]+\/rules\/(?:Expiration_EndUser_Assignment|Enablement_EndUser_Assignment|Approval_EndUser_Assignment|Expiration_Admin_Eligibility)$/,
    },
    // --- end authentication methods, directory role activation settings ---
  ],
  // --- lifecycle workflows: what a workflow's replacement is triggered by (a fingerprint; no provisioners) ---
  terraform_data: [{ kind: "lifecycleWorkflowVersion", parts: 1 }],
  // --- end lifecycle workflows ---
};

/** How idac names a resource of one type: a logical ID kind, its number of catalog parts, and for Graph resources the URLs it may use. */
export interface ResourceShape {
  readonly kind: LogicalIdKind;
  readonly parts: number;
  readonly fixed?: Readonly<Record<number, string>>;
  /** For msgraph resources: the Graph URL (relative, no API version) a resource of this kind must have. */
  readonly url?: RegExp;
}

/** The Graph URL pattern an idac msgraph resource of this type and name must use, or undefined for other types. */
export function graphUrlPattern(type: string, name: string): RegExp | undefined {
  const parsed = parseLogicalId(name);
  return parsed ? IDAC_RESOURCE_KINDS[type]?.find((s) => s.kind === parsed.kind)?.url : undefined;
}

export const GROUP_TYPES: ReadonlySet<string> = new Set(["azuread_group", "azuread_group_without_members"]);

/** Every azuread resource type whose name a cdktf cross-stack output can start with, longest first. */
export const AZUREAD_TYPES_LONGEST_FIRST: readonly string[] = Object.keys(IDAC_RESOURCE_KINDS).sort((a, b) => b.length - a.length);

const PART = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The logical ID kind of an idac resource name of this type, or undefined when the name is not one idac derives. */
export function idacKindOf(type: string, name: string): LogicalIdKind | undefined {
  const parsed = parseLogicalId(name);
  if (!parsed) return undefined;
  const shape = IDAC_RESOURCE_KINDS[type]?.find((s) => s.kind === parsed.kind);
  if (!shape || parsed.parts.length !== shape.parts) return undefined;
  if (!parsed.parts.every((p, i) => PART.test(p) && (shape.fixed?.[i] === undefined || shape.fixed[i] === p))) return undefined;
  return parsed.kind;
}

/** What a resource type idac does not emit is, for a reviewer. */
export function foreignTypeNoun(type: string): string {
  if (type === "azuread_service_principal_delegated_permission_grant")
    return "a delegated permission grant (admin consent, tenant-wide unless it names a user)";
  if (type === "azuread_directory_role_eligibility_schedule_request")
    return "a directory role eligibility (idac grants directory roles only through PIM for Groups)";
  if (type === "azuread_directory_role_member") return "a directory role membership";
  if (type === "azuread_user" || type === "azuread_invitation") return "a user account";
  if (/_(password|certificate|federated_identity_credential|flexible_federated_identity_credential)$/.test(type)) return "a credential";
  if (type.startsWith("azuread_application")) return "an application registration";
  if (type.startsWith("azuread_service_principal")) return "a service principal";
  if (type.startsWith("msgraph_")) return "a Microsoft Graph request (msgraph provider) idac does not emit";
  if (!type.startsWith("azuread_")) return "a resource outside the azuread provider";
  return "a resource type idac does not emit";
}
