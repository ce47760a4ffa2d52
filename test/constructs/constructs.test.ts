import { beforeAll, describe, expect, it } from "vitest";
import { writeCatalog } from "../helpers/catalog";
import { EVERY_CA_ATTRIBUTE, SMALL_CATALOG as CATALOG } from "../helpers/fixtures";
import { resources, synthCatalog, type TfJson } from "../helpers/synth";

let stacks: Record<string, TfJson>;
beforeAll(async () => {
  stacks = await synthCatalog(await writeCatalog(CATALOG));
});

describe("stacks", () => {
  it("splits the environment into stacks by concern and domain", () => {
    expect(Object.keys(stacks).sort()).toEqual(["test-access-finance", "test-conditional-access", "test-directory", "test-groups", "test-privileged-access"]);
  });

  it("pins the azuread provider to 3.7.x and configures the tenant and backend", () => {
    const s = stacks["test-conditional-access"]!;
    expect(s.terraform).toMatchObject({
      required_providers: { azuread: { source: "hashicorp/azuread", version: "~> 3.7.0" } },
      backend: { local: { path: "../../../.idac-state/test-conditional-access.tfstate" } },
    });
    expect(s.data?.terraform_remote_state).toMatchObject({
      "cross-stack-reference-input-test-groups": { backend: "local", config: { path: "../../../.idac-state/test-groups.tfstate" } },
    });
    expect(s.provider).toEqual({ azuread: [{ tenant_id: "11111111-1111-1111-1111-111111111111" }] });
  });
});

describe("SecurityGroup", () => {
  it("compiles a dynamic group from HR conditions, always requiring an enabled account", () => {
    expect(resources(stacks, "azuread_group")["group__all_staff"]).toMatchObject({
      display_name: "All staff",
      security_enabled: true,
      mail_enabled: false,
      mail_nickname: "all-staff",
      types: ["DynamicMembership"],
      dynamic_membership: { enabled: true, rule: '(user.accountEnabled -eq true) -and (user.employeeType -eq "Staff")' },
      lifecycle: { ignore_changes: ["administrative_unit_ids"] },
    });
  });

  it("lists declared people and granting role groups as members of a managed group", () => {
    const g = resources(stacks, "azuread_group")["group__fin_ap"]!;
    const members = g.members as string[];
    expect(members).toHaveLength(3);
    expect(members[0]).toMatch(/^\$\{data\.azuread_user\.user__carol_example_org_[0-9a-f]{8}\.object_id\}$/);
    expect(members.join(" ")).toMatch(/azuread_group\.role__fin_staff\.object_id/);
    expect(members.join(" ")).toMatch(/azuread_group_without_members\.role__fin_approver\.object_id/);
  });

  it("uses azuread_group_without_members when idac does not manage the membership, and adds role groups one by one", () => {
    expect(resources(stacks, "azuread_group_without_members")["group__ke_files"]).toBeDefined();
    expect(resources(stacks, "azuread_group")["group__ke_files"]).toBeUndefined();
    const member = resources(stacks, "azuread_group_member")["group_member__ke_files__role__fin_staff"]!;
    expect(String(member.member_object_id)).toMatch(/role__fin_staff/);
    expect(resources(stacks, "azuread_administrative_unit_member")["au_member__au_kenya__group__ke_files"]).toBeDefined();
  });

  it("never mixes members and azuread_group_member on one group", () => {
    const managed = Object.entries(resources(stacks, "azuread_group"))
      .filter(([, g]) => g.members !== undefined)
      .map(([, g]) => g.mail_nickname);
    const added = Object.values(resources(stacks, "azuread_group_member")).map((m) => String(m.group_object_id));
    for (const nickname of managed) expect(added.join(" ")).not.toMatch(new RegExp(`group__${String(nickname).replace(/-/g, "_")}\\.`));
  });
});

describe("business roles", () => {
  it("gives a birthright role a dynamic role group", () => {
    expect(resources(stacks, "azuread_group")["role__fin_staff"]).toMatchObject({
      display_name: "Role - Finance staff",
      mail_nickname: "role-fin-staff",
      dynamic_membership: { rule: '(user.accountEnabled -eq true) -and (user.employeeType -in ["Consultant","Staff"]) -and (user.department -eq "Finance")' },
    });
  });

  it("assigns app roles to the role group", () => {
    expect(resources(stacks, "azuread_app_role_assignment")["role_app_role__fin_staff__erp__ap_clerk"]).toMatchObject({
      app_role_id: "33333333-3333-3333-3333-333333333333",
      principal_object_id: expect.stringMatching(
        /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-test-groups\.outputs\.cross-stack-output-azuread_grouprole__fin_staffobject_id\}$/,
      ),
      resource_object_id: "${data.azuread_service_principal.sp__erp.object_id}",
    });
  });

  it("turns a requestable role into an access package with the role group as its resource", () => {
    expect(resources(stacks, "azuread_access_package")["access_package__fin_approver"]).toMatchObject({
      display_name: "Payment approver",
      hidden: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resources(stacks, "azuread_access_package_resource_catalog_association")["catalog_resource__cat_finance__role__fin_approver"]).toMatchObject({
      resource_origin_system: "AadGroup",
      resource_origin_id: expect.stringMatching(
        /terraform_remote_state\.cross-stack-reference-input-test-groups\.outputs\.cross-stack-output-azuread_group_without_membersrole__fin_approverobject_id/,
      ),
    });
    expect(resources(stacks, "azuread_access_package_resource_package_association")["package_resource__fin_approver"]).toMatchObject({
      access_type: "Member",
      catalog_resource_association_id: "${azuread_access_package_resource_catalog_association.catalog_resource__cat_finance__role__fin_approver.id}",
    });
  });

  it("maps requestors, approval stages, expiry and review to the assignment policy", () => {
    const p = resources(stacks, "azuread_access_package_assignment_policy")["access_package_policy__fin_approver"]!;
    expect(p).toMatchObject({
      duration_in_days: 180,
      extension_enabled: true,
      requestor_settings: { requests_accepted: true, scope_type: "SpecificDirectorySubjects", requestor: [{ subject_type: "GroupMembers" }] },
      approval_settings: {
        approval_required: true,
        requestor_justification_required: true,
        approval_stage: [
          {
            approval_timeout_in_days: 7,
            alternative_approval_enabled: false,
            primary_approver: [
              { subject_type: "RequestorManager", backup: false },
              { subject_type: "SingleUser", backup: true },
            ],
          },
          {
            approval_timeout_in_days: 14,
            alternative_approval_enabled: true,
            enable_alternative_approval_in_days: 3,
            primary_approver: [{ subject_type: "GroupMembers", backup: false }],
            alternative_approver: [{ subject_type: "SingleUser" }],
          },
        ],
      },
      assignment_review_settings: {
        enabled: true,
        review_frequency: "quarterly",
        review_type: "Manager",
        duration_in_days: 14,
        access_review_timeout_behavior: "removeAccess",
      },
    });
  });
});

describe("PrivilegedRoleConstruct", () => {
  it("activates each directory role once from its template", () => {
    expect(resources(stacks, "azuread_directory_role")).toEqual({
      directory_role__global_administrator: expect.objectContaining({ template_id: "62e90394-69f5-4237-9190-012177145e10" }),
      directory_role__helpdesk_administrator: expect.objectContaining({ template_id: "729827e3-9c14-49f7-bb1b-9608f156bbb8" }),
    });
  });

  it("assigns the directory role to a role-assignable group, never to a user", () => {
    const assignments = resources(stacks, "azuread_directory_role_assignment");
    expect(assignments["role_assignment__global_admin"]).toMatchObject({
      role_id: "${azuread_directory_role.directory_role__global_administrator.template_id}",
      principal_object_id: "${azuread_group_without_members.pim__global_admin.object_id}",
      directory_scope_id: "/",
      lifecycle: { prevent_destroy: true },
    });
    for (const a of Object.values(assignments)) expect(String(a.principal_object_id)).toMatch(/^\$\{azuread_group_without_members\.pim__/);
    expect(resources(stacks, "azuread_group_without_members")["pim__global_admin"]).toMatchObject({
      assignable_to_role: true,
      security_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("scopes a role to an administrative unit across stacks", () => {
    expect(String(resources(stacks, "azuread_directory_role_assignment")["role_assignment__helpdesk_kenya"]!.directory_scope_id)).toMatch(
      /^\/administrativeUnits\/\$\{data\.terraform_remote_state\./,
    );
  });

  it("makes people eligible with an end date or duration", () => {
    const e = Object.values(resources(stacks, "azuread_privileged_access_group_eligibility_schedule"));
    expect(e).toHaveLength(2);
    expect(e.map((x) => x.expiration_date ?? x.duration).sort()).toEqual(["2027-03-31T00:00:00Z", "P30D"]);
    for (const x of e) expect(x).toMatchObject({ assignment_type: "member", permanent_assignment: false });
  });

  it("sets the activation policy: duration, MFA, justification, ticket, approval, expiring eligibility", () => {
    expect(resources(stacks, "azuread_group_role_management_policy")["pim_policy__global_admin"]).toMatchObject({
      role_id: "member",
      activation_rules: {
        maximum_duration: "PT1H",
        require_multifactor_authentication: true,
        require_justification: true,
        require_ticket_info: true,
        require_approval: true,
        approval_stage: { primary_approver: [{ type: "singleUser" }, { type: "groupMembers" }] },
      },
      eligible_assignment_rules: { expiration_required: true, expire_after: "P90D" },
    });
  });
});

describe("ConditionalAccessPolicyConstruct", () => {
  const policies = () => resources(stacks, "azuread_conditional_access_policy");

  it("excludes the break-glass accounts and group from every policy", () => {
    for (const p of Object.values(policies())) {
      const users = (p.conditions as { users: Record<string, string[]> }).users;
      expect(users.excluded_users).toEqual(expect.arrayContaining(["aaaaaaaa-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000002"]));
      expect(users.excluded_groups).toContain("aaaaaaaa-0000-0000-0000-0000000000ff");
    }
  });

  it("maps state, client app types and block", () => {
    expect(policies()["ca__ca001"]).toMatchObject({
      state: "enabled",
      conditions: { client_app_types: ["exchangeActiveSync", "other"], applications: { included_applications: ["All"] }, users: { included_users: ["All"] } },
      grant_controls: { operator: "OR", built_in_controls: ["block"] },
      lifecycle: { prevent_destroy: true },
    });
  });

  it("defaults to report-only, resolves role names and built-in strengths, and maps session controls", () => {
    expect((policies()["ca__ca100"]!.conditions as { users: Record<string, unknown> }).users.included_users).toBeUndefined();
    expect(policies()["ca__ca100"]).toMatchObject({
      state: "enabledForReportingButNotEnforced",
      conditions: { client_app_types: ["all"], users: { included_roles: ["62e90394-69f5-4237-9190-012177145e10"] } },
      grant_controls: { authentication_strength_policy_id: "/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004" },
      session_controls: { sign_in_frequency: 4, sign_in_frequency_period: "hours", sign_in_frequency_interval: "timeBased", persistent_browser_mode: "never" },
    });
  });

  it("resolves applications, named locations, guests and custom strengths", () => {
    const p = policies()["ca__ca101"]!;
    expect(p).toMatchObject({
      state: "disabled",
      conditions: {
        applications: { included_applications: ["797f4846-ba00-4fd7-ba43-dac1f8f63013", "22222222-2222-2222-2222-222222222222"] },
        locations: { included_locations: ["All"], excluded_locations: ["${azuread_named_location.location__hq.object_id}"] },
        users: {
          included_guests_or_external_users: [{ guest_or_external_user_types: ["b2bCollaborationGuest"], external_tenants: [{ membership_kind: "all" }] }],
        },
      },
      grant_controls: { authentication_strength_policy_id: "${azuread_authentication_strength_policy.auth_strength__fido.id}" },
    });
  });

  it("maps named locations by kind", () => {
    const l = resources(stacks, "azuread_named_location");
    expect(l["location__hq"]).toMatchObject({ ip: { ip_ranges: ["203.0.113.0/24"], trusted: true } });
    expect(l["location__blocked"]).toMatchObject({
      country: { countries_and_regions: ["IR", "KP"], include_unknown_countries_and_regions: false, country_lookup_method: "clientIpAddress" },
    });
  });

  it("references groups of other stacks through remote state", () => {
    const excluded = (policies()["ca__ca001"]!.conditions as { users: { excluded_groups: string[] } }).users.excluded_groups;
    expect(excluded[0]).toMatch(/^\$\{data\.terraform_remote_state\./);
    expect(stacks["test-conditional-access"]!.data?.terraform_remote_state).toBeDefined();
    expect(stacks["test-groups"]!.output).toBeDefined();
    // The stacks form a chain: no stack reads the state of a stack applied after it.
    const order = ["test-directory", "test-groups", "test-access-finance", "test-privileged-access", "test-conditional-access"];
    for (const [name, s] of Object.entries(stacks)) {
      for (const input of Object.keys(s.data?.terraform_remote_state ?? {})) {
        expect(order.indexOf(input.replace("cross-stack-reference-input-", "")), `${name} reads ${input}`).toBeLessThan(order.indexOf(name));
      }
    }
  });
});

describe("ConditionalAccessPolicyConstruct: everything azuread 3.7.0 can set", () => {
  let every: Record<string, Record<string, unknown>>;
  beforeAll(async () => {
    every = resources(await synthCatalog(await writeCatalog({ ...CATALOG, ...EVERY_CA_ATTRIBUTE })), "azuread_conditional_access_policy");
  });

  it("writes a policy with session controls only without grant controls", () => {
    expect(every["ca__ca500_session_only"]!.grant_controls).toBeUndefined();
    expect(every["ca__ca500_session_only"]!.session_controls).toEqual({ application_enforced_restrictions_enabled: true, disable_resilience_defaults: true });
  });

  it("writes a device filter and a sign-in frequency that repeats the second factor only", () => {
    expect(every["ca__ca501_unmanaged_devices"]).toMatchObject({
      conditions: { devices: { filter: { mode: "include", rule: 'device.trustType -ne "ServerAD" -or device.isCompliant -ne True' } } },
      session_controls: {
        persistent_browser_mode: "never",
        sign_in_frequency: 1,
        sign_in_frequency_period: "hours",
        sign_in_frequency_interval: "timeBased",
        sign_in_frequency_authentication_type: "secondaryAuthentication",
      },
    });
  });

  it("writes workload identities by service principal, with a filter and their risk, for no user, and keeps a block's AND", () => {
    const p = every["ca__ca502_workloads"]!;
    expect(p).toMatchObject({
      conditions: {
        users: { included_users: ["None"] },
        client_applications: {
          included_service_principals: ["ServicePrincipalsInMyTenant"],
          filter: { mode: "exclude", rule: 'CustomSecurityAttribute.Workload_Tier -eq "0"' },
        },
        service_principal_risk_levels: ["high", "medium"],
      },
      grant_controls: { operator: "AND", built_in_controls: ["block"] },
    });
    expect((p.conditions as { client_applications: { excluded_service_principals: string[] } }).client_applications.excluded_service_principals).toEqual([
      expect.stringMatching(/^\$\{data\.azuread_service_principal\.[a-z0-9_]+\.object_id\}$/),
    ]);
  });

  it("writes guests from listed tenants, insider risk as one value, terms of use, custom controls and an everyTime frequency", () => {
    expect(every["ca__ca503_partners"]).toMatchObject({
      conditions: {
        client_app_types: ["browser", "easSupported"],
        insider_risk_levels: "elevated",
        users: {
          included_guests_or_external_users: [
            {
              guest_or_external_user_types: ["b2bDirectConnectUser"],
              external_tenants: [{ membership_kind: "enumerated", members: ["7c1f4f8a-0000-4000-8000-000000000001", "7c1f4f8a-0000-4000-8000-000000000002"] }],
            },
          ],
          excluded_guests_or_external_users: [{ guest_or_external_user_types: ["serviceProvider"], external_tenants: [{ membership_kind: "all" }] }],
        },
      },
      grant_controls: {
        operator: "AND",
        built_in_controls: ["mfa"],
        terms_of_use: ["ce580154-086a-40fd-91df-8a60abac81a0"],
        custom_authentication_factors: ["ContosoHardwareToken"],
      },
      session_controls: { sign_in_frequency_interval: "everyTime", sign_in_frequency_authentication_type: "secondaryAuthentication" },
    });
  });
});
