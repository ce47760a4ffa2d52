import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { synthesizeInto } from "../../src/stacks/app";
import { writeCatalog } from "../helpers/catalog";
import { EVERY_CA_ATTRIBUTE, SMALL_CATALOG } from "../helpers/fixtures";
import type { TfJson } from "../helpers/synth";

/**
 * Enumerations and constraints of hashicorp/azuread v3.7.0, read from the provider's source at tag v3.7.0
 * (validation.StringInSlice lists and the Microsoft Graph enums they use). Nothing here can run
 * `terraform validate` against the provider, so the synthesized example is checked against these facts.
 * Paths name nested blocks; a value that is a list is checked element by element.
 */
const ENUMS: Record<string, Record<string, readonly string[]>> = {
  // internal/services/conditionalaccess/conditional_access_policy_resource.go (+ Graph stable enums)
  azuread_conditional_access_policy: {
    state: ["enabled", "disabled", "enabledForReportingButNotEnforced"],
    "conditions.client_app_types": ["all", "browser", "easSupported", "exchangeActiveSync", "mobileAppsAndDesktopClients", "other"],
    "conditions.platforms.included_platforms": ["android", "iOS", "windows", "windowsPhone", "macOS", "all", "linux"],
    "conditions.platforms.excluded_platforms": ["android", "iOS", "windows", "windowsPhone", "macOS", "all", "linux"],
    "conditions.sign_in_risk_levels": ["low", "medium", "high", "hidden", "none"],
    "conditions.user_risk_levels": ["low", "medium", "high", "hidden", "none"],
    "conditions.authentication_flow_transfer_methods": ["authenticationTransfer", "deviceCodeFlow"],
    "conditions.users.included_guests_or_external_users.guest_or_external_user_types": [
      "none",
      "internalGuest",
      "b2bCollaborationGuest",
      "b2bCollaborationMember",
      "b2bDirectConnectUser",
      "otherExternalUser",
      "serviceProvider",
    ],
    "conditions.users.included_guests_or_external_users.external_tenants.membership_kind": ["all", "enumerated"],
    "grant_controls.operator": ["AND", "OR"],
    "grant_controls.built_in_controls": [
      "block",
      "mfa",
      "compliantDevice",
      "domainJoinedDevice",
      "approvedApplication",
      "compliantApplication",
      "passwordChange",
    ],
    "session_controls.persistent_browser_mode": ["always", "never"],
    "session_controls.sign_in_frequency_interval": ["timeBased", "everyTime"],
    "session_controls.sign_in_frequency_period": ["days", "hours"],
    "session_controls.sign_in_frequency_authentication_type": ["primaryAndSecondaryAuthentication", "secondaryAuthentication"],
    "session_controls.cloud_app_security_policy": ["mcasConfigured", "monitorOnly", "blockDownloads"],
    "conditions.devices.filter.mode": ["include", "exclude"],
    "conditions.client_applications.filter.mode": ["include", "exclude"],
    "conditions.service_principal_risk_levels": ["low", "medium", "high", "hidden", "none"],
    "conditions.insider_risk_levels": ["minor", "moderate", "elevated"],
    "conditions.users.excluded_guests_or_external_users.guest_or_external_user_types": [
      "none",
      "internalGuest",
      "b2bCollaborationGuest",
      "b2bCollaborationMember",
      "b2bDirectConnectUser",
      "otherExternalUser",
      "serviceProvider",
    ],
    "conditions.users.excluded_guests_or_external_users.external_tenants.membership_kind": ["all", "enumerated"],
  },
  // internal/services/conditionalaccess/named_location_resource.go
  azuread_named_location: { "country.country_lookup_method": ["clientIpAddress", "authenticatorAppGps"] },
  // internal/services/identitygovernance/constants.go, schema.go (schemaUserSet)
  azuread_access_package_assignment_policy: {
    "requestor_settings.scope_type": [
      "AllConfiguredConnectedOrganizationSubjects",
      "AllExistingConnectedOrganizationSubjects",
      "AllExistingDirectoryMemberUsers",
      "AllExistingDirectorySubjects",
      "AllExternalSubjects",
      "NoSubjects",
      "SpecificConnectedOrganizationSubjects",
      "SpecificDirectorySubjects",
    ],
    "requestor_settings.requestor.subject_type": [
      "ConnectedOrganizationMembers",
      "ExternalSponsors",
      "GroupMembers",
      "InternalSponsors",
      "RequestorManager",
      "SingleUser",
      "TargetUserSponsors",
    ],
    "approval_settings.approval_stage.primary_approver.subject_type": [
      "ConnectedOrganizationMembers",
      "ExternalSponsors",
      "GroupMembers",
      "InternalSponsors",
      "RequestorManager",
      "SingleUser",
      "TargetUserSponsors",
    ],
    "approval_settings.approval_stage.alternative_approver.subject_type": [
      "ConnectedOrganizationMembers",
      "ExternalSponsors",
      "GroupMembers",
      "InternalSponsors",
      "RequestorManager",
      "SingleUser",
      "TargetUserSponsors",
    ],
    "assignment_review_settings.reviewer.subject_type": [
      "ConnectedOrganizationMembers",
      "ExternalSponsors",
      "GroupMembers",
      "InternalSponsors",
      "RequestorManager",
      "SingleUser",
      "TargetUserSponsors",
    ],
    "assignment_review_settings.review_frequency": ["annual", "halfyearly", "monthly", "quarterly", "weekly"],
    "assignment_review_settings.review_type": ["Manager", "Reviewers", "Self"],
    "assignment_review_settings.access_review_timeout_behavior": ["keepAccess", "removeAccess", "acceptAccessRecommendation"],
  },
  // internal/services/identitygovernance/access_package_resource_package_association_resource.go
  azuread_access_package_resource_package_association: { access_type: ["Member", "Owner"] },
  // internal/services/policies/constants.go, group_role_management_policy_resource.go
  azuread_group_role_management_policy: {
    role_id: ["member", "owner"],
    "eligible_assignment_rules.expire_after": ["P15D", "P30D", "P90D", "P180D", "P365D"],
    "active_assignment_rules.expire_after": ["P15D", "P30D", "P90D", "P180D", "P365D"],
    "activation_rules.maximum_duration": [
      ...Array.from({ length: 47 }, (_, i) => i + 1).map((h) => `PT${Math.floor(h / 2) ? `${Math.floor(h / 2)}H` : ""}${h % 2 ? "30M" : ""}`),
      "P1D",
    ],
    "activation_rules.approval_stage.primary_approver.type": ["singleUser", "groupMembers"],
  },
  // internal/services/identitygovernance/privileged_access_group_schedule.go (PrivilegedAccessGroupRelationships)
  azuread_privileged_access_group_eligibility_schedule: { assignment_type: ["member", "owner"] },
  azuread_privileged_access_group_assignment_schedule: { assignment_type: ["member", "owner"] },
  // internal/services/groups/groups.go
  azuread_group: { types: ["DynamicMembership", "Unified"], visibility: ["Private", "Public", "Hiddenmembership"] },
  azuread_group_without_members: { types: ["DynamicMembership", "Unified"], visibility: ["Private", "Public", "Hiddenmembership"] },
  // internal/services/identitygovernance/access_package_resource_catalog_association_resource.go (docs: AadGroup, AadApplication, SharePointOnline)
  azuread_access_package_resource_catalog_association: { resource_origin_system: ["AadGroup", "AadApplication", "SharePointOnline"] },
};

/** Attributes the provider requires (Required: true), per resource type. */
const REQUIRED: Record<string, readonly string[]> = {
  azuread_conditional_access_policy: ["display_name", "state", "conditions.applications", "conditions.users", "conditions.client_app_types"],
  azuread_access_package: ["catalog_id", "display_name", "description"],
  azuread_access_package_catalog: ["display_name", "description"],
  azuread_access_package_assignment_policy: ["access_package_id", "display_name", "description"],
  azuread_access_package_resource_catalog_association: ["catalog_id", "resource_origin_id", "resource_origin_system"],
  azuread_access_package_resource_package_association: ["access_package_id", "catalog_resource_association_id"],
  azuread_directory_role_assignment: ["role_id", "principal_object_id"],
  azuread_privileged_access_group_eligibility_schedule: ["group_id", "principal_id", "assignment_type"],
  azuread_group_role_management_policy: ["group_id", "role_id"],
  azuread_app_role_assignment: ["app_role_id", "principal_object_id", "resource_object_id"],
  azuread_group: ["display_name"],
  azuread_group_without_members: ["display_name"],
  azuread_named_location: ["display_name"],
  azuread_authentication_strength_policy: ["display_name", "allowed_combinations"],
  azuread_group_member: ["group_object_id", "member_object_id"],
  azuread_directory_role: ["template_id"],
};

/** Values at a dotted path; nested blocks synthesize as objects or lists of objects. */
function valuesAt(node: unknown, pathParts: string[]): unknown[] {
  if (pathParts.length === 0) return Array.isArray(node) ? node : [node];
  if (Array.isArray(node)) return node.flatMap((n) => valuesAt(n, pathParts));
  if (node && typeof node === "object") {
    const next = (node as Record<string, unknown>)[pathParts[0]!];
    return next === undefined ? [] : valuesAt(next, pathParts.slice(1));
  }
  return [];
}

const resources: { stack: string; type: string; id: string; body: Record<string, unknown> }[] = [];
beforeAll(async () => {
  // The bundled example, and a small catalog with conditional access policies using every attribute azuread 3.7.0 has.
  for (const root of [path.resolve(__dirname, "../.."), await writeCatalog({ ...SMALL_CATALOG, ...EVERY_CA_ATTRIBUTE })]) {
    const { catalog } = await loadCatalog(root);
    const out = await mkdtemp(path.join(tmpdir(), "idac-provider-"));
    synthesizeInto(catalog!, out);
    for (const stack of await readdir(path.join(out, "stacks"))) {
      const json = JSON.parse(await readFile(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8")) as TfJson;
      // msgraph resources (the governance stack) are checked against the msgraph provider in msgraph-schema.test.ts;
      // terraform_data is Terraform's own (the lifecycle workflow's replacement trigger, checked in the plan gate).
      for (const [type, byId] of Object.entries(json.resource ?? {}))
        if (!type.startsWith("msgraph_") && type !== "terraform_data") for (const [id, body] of Object.entries(byId)) resources.push({ stack, type, id, body });
    }
  }
});

describe("synthesized configuration against the azuread 3.7.0 schema", () => {
  it("uses only resource types the provider has", () => {
    const known = new Set([...Object.keys(ENUMS), ...Object.keys(REQUIRED), "azuread_administrative_unit", "azuread_administrative_unit_member"]);
    for (const r of resources) expect(known.has(r.type), r.type).toBe(true);
    expect(new Set(resources.map((r) => r.type)).size).toBeGreaterThanOrEqual(15);
  });

  it("uses only enumeration values the provider accepts", () => {
    let checked = 0;
    for (const r of resources) {
      for (const [attr, allowed] of Object.entries(ENUMS[r.type] ?? {})) {
        for (const value of valuesAt(r.body, attr.split("."))) {
          expect(allowed, `${r.stack} ${r.type}.${r.id} ${attr}`).toContain(value);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("sets every attribute the provider requires", () => {
    for (const r of resources) {
      for (const attr of REQUIRED[r.type] ?? []) expect(valuesAt(r.body, attr.split(".")).length, `${r.type}.${r.id} ${attr}`).toBeGreaterThan(0);
    }
  });

  it("gives every conditional access policy a user inclusion and grant or session controls", () => {
    for (const r of resources.filter((x) => x.type === "azuread_conditional_access_policy")) {
      const users = valuesAt(r.body, ["conditions", "users"])[0] as Record<string, unknown>;
      expect(
        ["included_users", "included_groups", "included_roles", "included_guests_or_external_users"].some((k) => users[k] !== undefined),
        r.id,
      ).toBe(true);
      expect(r.body.grant_controls ?? r.body.session_controls, r.id).toBeDefined();
    }
  });

  it("sets grant controls the way the provider requires: an operator, and a built-in control, strength or terms of use", () => {
    const grants = resources
      .filter((x) => x.type === "azuread_conditional_access_policy" && x.body.grant_controls)
      .map((r) => r.body.grant_controls as Record<string, unknown[] | string | undefined>);
    expect(grants.some((g) => (g.custom_authentication_factors as unknown[] | undefined)?.length)).toBe(true);
    for (const g of grants) {
      expect(["AND", "OR"]).toContain(g.operator);
      expect((g.built_in_controls?.length ?? 0) + (g.terms_of_use?.length ?? 0) + (g.authentication_strength_policy_id ? 1 : 0)).toBeGreaterThan(0);
    }
  });

  it("never sends application-enforced restrictions or resilience defaults with an everyTime sign-in frequency", () => {
    const sessions = resources.filter((x) => x.type === "azuread_conditional_access_policy").flatMap((r) => valuesAt(r.body, ["session_controls"])) as Record<
      string,
      unknown
    >[];
    expect(sessions.filter((s) => s.sign_in_frequency_interval === "everyTime").length).toBeGreaterThan(1);
    for (const s of sessions.filter((x) => x.sign_in_frequency_interval === "everyTime")) {
      expect(s.application_enforced_restrictions_enabled).toBeUndefined();
      expect(s.disable_resilience_defaults).toBeUndefined();
    }
  });

  it("keeps named location IP ranges at /8 or longer and authentication strength combinations valid", () => {
    for (const range of resources.filter((x) => x.type === "azuread_named_location").flatMap((r) => valuesAt(r.body, ["ip", "ip_ranges"]))) {
      expect(Number(String(range).split("/")[1])).toBeGreaterThanOrEqual(8);
    }
    const modes = [
      "deviceBasedPush",
      "email",
      "federatedMultiFactor",
      "federatedSingleFactor",
      "fido2",
      "hardwareOath",
      "microsoftAuthenticatorPush",
      "password",
      "qrCodePin",
      "sms",
      "softwareOath",
      "temporaryAccessPassMultiUse",
      "temporaryAccessPassOneTime",
      "voice",
      "windowsHelloForBusiness",
      "x509CertificateMultiFactor",
      "x509CertificateSingleFactor",
    ];
    for (const c of resources.filter((x) => x.type === "azuread_authentication_strength_policy").flatMap((r) => valuesAt(r.body, ["allowed_combinations"]))) {
      for (const mode of String(c).split(",")) expect(modes).toContain(mode);
    }
  });

  it("keeps dynamic membership rules within 3072 characters", () => {
    for (const rule of resources.flatMap((r) => valuesAt(r.body, ["dynamic_membership", "rule"]))) expect(String(rule).length).toBeLessThanOrEqual(3072);
  });
});
