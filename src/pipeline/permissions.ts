import { parseLogicalId } from "../model/addresses";

/**
 * Microsoft Graph application permissions the pipeline identities need, per resource type idac emits, from the
 * azuread 3.7.0 documentation ("API Permissions" of each resource) and Microsoft Graph's permission reference.
 * Every write permission here is tier 0: the apply identity is as powerful as a Privileged Role Administrator.
 */
interface Requirement {
  /** Permissions of the identity that applies (main branch, protected environment). */
  readonly apply: readonly string[];
  /** Permissions of the identity that plans (pull requests, drift detection): read only. */
  readonly plan: readonly string[];
  readonly why: string;
}

const GRAPH_PERMISSIONS: Record<string, Requirement> = {
  azuread_group: { apply: ["Group.ReadWrite.All"], plan: ["Group.Read.All"], why: "groups and their members and owners" },
  azuread_group_without_members: { apply: ["Group.ReadWrite.All"], plan: ["Group.Read.All"], why: "groups whose membership is managed elsewhere" },
  azuread_group_member: { apply: ["GroupMember.ReadWrite.All"], plan: ["GroupMember.Read.All"], why: "role groups nested into unmanaged groups" },
  azuread_administrative_unit: { apply: ["AdministrativeUnit.ReadWrite.All"], plan: ["AdministrativeUnit.Read.All"], why: "administrative units" },
  azuread_administrative_unit_member: {
    apply: ["AdministrativeUnit.ReadWrite.All"],
    plan: ["AdministrativeUnit.Read.All"],
    why: "administrative unit membership",
  },
  azuread_conditional_access_policy: {
    apply: ["Policy.ReadWrite.ConditionalAccess", "Policy.Read.All"],
    plan: ["Policy.Read.All"],
    why: "conditional access policies",
  },
  azuread_named_location: { apply: ["Policy.ReadWrite.ConditionalAccess", "Policy.Read.All"], plan: ["Policy.Read.All"], why: "named locations" },
  azuread_authentication_strength_policy: {
    apply: ["Policy.ReadWrite.ConditionalAccess", "Policy.Read.All"],
    plan: ["Policy.Read.All"],
    why: "authentication strengths",
  },
  azuread_access_package_catalog: { apply: ["EntitlementManagement.ReadWrite.All"], plan: ["EntitlementManagement.Read.All"], why: "access package catalogs" },
  azuread_access_package: { apply: ["EntitlementManagement.ReadWrite.All"], plan: ["EntitlementManagement.Read.All"], why: "access packages" },
  azuread_access_package_assignment_policy: {
    apply: ["EntitlementManagement.ReadWrite.All"],
    plan: ["EntitlementManagement.Read.All"],
    why: "assignment policies",
  },
  azuread_access_package_resource_catalog_association: {
    apply: ["EntitlementManagement.ReadWrite.All", "Group.ReadWrite.All"],
    plan: ["EntitlementManagement.Read.All"],
    why: "groups added to catalogs",
  },
  azuread_access_package_resource_package_association: {
    apply: ["EntitlementManagement.ReadWrite.All"],
    plan: ["EntitlementManagement.Read.All"],
    why: "groups in access packages",
  },
  azuread_directory_role: {
    apply: ["RoleManagement.ReadWrite.Directory"],
    plan: ["RoleManagement.Read.Directory"],
    why: "activating built-in directory roles",
  },
  azuread_directory_role_assignment: {
    apply: ["RoleManagement.ReadWrite.Directory"],
    plan: ["RoleManagement.Read.Directory"],
    why: "directory roles assigned to PIM groups",
  },
  azuread_privileged_access_group_eligibility_schedule: {
    apply: ["PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup"],
    plan: ["PrivilegedEligibilitySchedule.Read.AzureADGroup"],
    why: "PIM for Groups eligibility",
  },
  azuread_privileged_access_group_assignment_schedule: {
    apply: ["PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"],
    plan: ["PrivilegedAssignmentSchedule.Read.AzureADGroup"],
    why: "PIM for Groups active assignments",
  },
  azuread_group_role_management_policy: {
    apply: ["RoleManagementPolicy.ReadWrite.AzureADGroup"],
    plan: ["RoleManagementPolicy.Read.AzureADGroup"],
    why: "PIM for Groups activation policies",
  },
  azuread_app_role_assignment: {
    apply: ["AppRoleAssignment.ReadWrite.All", "Application.Read.All"],
    plan: ["Application.Read.All"],
    why: "app roles granted to role groups",
  },
  // --- access reviews, SoD enforcement, automatic assignment (msgraph resources, by kind) ---
  "msgraph_resource:accessReview": {
    apply: ["AccessReview.ReadWrite.All"],
    plan: ["AccessReview.Read.All"],
    why: "access review definitions (Microsoft Graph)",
  },
  "msgraph_resource:incompatiblePackage": {
    apply: ["EntitlementManagement.ReadWrite.All"],
    plan: ["EntitlementManagement.Read.All"],
    why: "incompatible access packages (SoD enforced at request time)",
  },
  "msgraph_resource_collection:incompatibleGroups": {
    apply: ["EntitlementManagement.ReadWrite.All"],
    plan: ["EntitlementManagement.Read.All"],
    why: "groups incompatible with an access package (SoD enforced at request time)",
  },
  "msgraph_resource:autoAssignment": {
    apply: ["EntitlementManagement.ReadWrite.All"],
    plan: ["EntitlementManagement.Read.All"],
    why: "automatic assignment policies of access packages",
  },
  // --- end access reviews, SoD enforcement, automatic assignment ---
  // --- lifecycle workflows, authentication methods, directory role settings (msgraph, by kind) ---
  "msgraph_resource:lifecycleWorkflow": {
    apply: ["LifecycleWorkflows.ReadWrite.All"],
    plan: ["LifecycleWorkflows.Read.All"],
    why: "lifecycle workflows (the workflows run their tasks with their own identity)",
  },
  "terraform_data:lifecycleWorkflowVersion": { apply: [], plan: [], why: "the fingerprint that replaces a workflow (no Graph call)" },
  "msgraph_update_resource:authenticationMethod": {
    apply: ["Policy.ReadWrite.AuthenticationMethod"],
    plan: ["Policy.Read.AuthenticationMethod"],
    why: "the authentication methods policy and its method configurations",
  },
  "msgraph_update_resource:directoryRoleRule": {
    apply: ["RoleManagementPolicy.ReadWrite.Directory"],
    plan: ["RoleManagementPolicy.Read.Directory"],
    why: "PIM rules of directory roles assigned directly",
  },
  "data.msgraph_resource:directoryRolePolicy": {
    apply: ["RoleManagementPolicy.Read.Directory"],
    plan: ["RoleManagementPolicy.Read.Directory"],
    why: "finding each directory role's PIM policy",
  },
  // --- end lifecycle workflows, authentication methods, directory role settings ---
  "data.azuread_user": { apply: ["User.Read.All"], plan: ["User.Read.All"], why: "people referenced by user principal name" },
  "data.azuread_service_principal": { apply: ["Application.Read.All"], plan: ["Application.Read.All"], why: "enterprise applications referenced by client ID" },
};

/** A synthesized stack, as far as permissions care. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

/**
 * The permission keys of a stack: its resource types, `data.<type>` for data sources, and for Microsoft Graph
 * resources (msgraph provider, which can call any Graph URL) and `terraform_data`, `<type>:<kind>` per resource, the
 * kind read from its logical ID, since the permission depends on what the resource is. A Graph resource idac did not
 * name is unknown.
 */
export function permissionKeys(json: StackJson): string[] {
  const keys: string[] = [];
  // A Graph resource can be anything, and terraform_data holds whatever idac gives it: both are keyed by kind.
  const byKind = (type: string, names: readonly string[]) => names.map((n) => `${type}:${parseLogicalId(n)?.kind ?? n}`);
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    if (type.startsWith("msgraph_") || type === "terraform_data") keys.push(...byKind(type, Object.keys(byName)));
    else keys.push(type);
  }
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    if (type.startsWith("msgraph_")) keys.push(...byKind(`data.${type}`, Object.keys(byName)));
    else keys.push(`data.${type}`);
  }
  return keys;
}

export interface PermissionSet {
  readonly apply: readonly string[];
  readonly plan: readonly string[];
  /** Resource types → why, for the ones in use. */
  readonly reasons: readonly { type: string; why: string; apply: readonly string[]; plan: readonly string[] }[];
  /** Types in use that have no entry (should be empty; a test keeps it so). */
  readonly unknownTypes: readonly string[];
}

/** The permission sets for the resource (and data source) types in use; role-assignable groups add role management. */
export function permissionsFor(types: readonly string[], options: { roleAssignableGroups: boolean }): PermissionSet {
  const used = [...new Set(types)].filter((t) => t !== "data.terraform_remote_state").sort();
  const apply = new Set<string>();
  const plan = new Set<string>();
  const reasons = [];
  const unknownTypes = [];
  for (const type of used) {
    const r = GRAPH_PERMISSIONS[type];
    if (!r) {
      unknownTypes.push(type);
      continue;
    }
    r.apply.forEach((p) => apply.add(p));
    r.plan.forEach((p) => plan.add(p));
    reasons.push({ type, why: r.why, apply: r.apply, plan: r.plan });
  }
  if (options.roleAssignableGroups) {
    apply.add("RoleManagement.ReadWrite.Directory");
    plan.add("RoleManagement.Read.Directory");
  }
  return { apply: [...apply].sort(), plan: [...plan].sort(), reasons, unknownTypes };
}

/** Markdown for the README's pipeline section or a runbook, with the federated credential subjects to create. */
export function permissionsMarkdown(set: PermissionSet, repo = "<owner>/<repo>", environment = "production"): string {
  return [
    "# Pipeline identities",
    "",
    "Two Entra app registrations (or user-assigned managed identities), both with OIDC workload identity federation and no client secret.",
    "",
    "| Identity | Federated credential subject | Microsoft Graph application permissions |",
    "|---|---|---|",
    `| plan (read only) | \`repo:${repo}:pull_request\` and \`repo:${repo}:ref:refs/heads/main\` (drift) | ${set.plan.map((p) => `\`${p}\``).join(", ")} |`,
    `| apply (write) | \`repo:${repo}:environment:${environment}\` (protected environment,` +
      ` required reviewers, main only) | ${set.apply.map((p) => `\`${p}\``).join(", ")} |`,
    "",
    "Both also need `Storage Blob Data Contributor` on the state container (plans take the state lease).",
    "",
    "An identity that runs `idac export --leave-dates` (users' leave dates, for an HR snapshot read from the export) also needs `User-LifeCycleInfo.Read.All`.",
    "",
    "An identity that runs `idac export` reads access review definitions, lifecycle workflows, the authentication methods policy and " +
      "the PIM policies of directory roles too, and needs `AccessReview.Read.All`, `LifecycleWorkflows.Read.All`, " +
      "`Policy.Read.AuthenticationMethod` and `RoleManagementPolicy.Read.Directory` for those.",
    "",
    "| Resource type | Why | Apply | Plan |",
    "|---|---|---|---|",
    ...set.reasons.map((r) => `| \`${r.type}\` | ${r.why} | ${r.apply.join(", ")} | ${r.plan.join(", ")} |`),
    "",
  ].join("\n");
}
