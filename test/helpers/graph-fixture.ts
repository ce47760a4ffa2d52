import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";
import { expectedTenant, objectId } from "../../src/brownfield/tenant";
import { BUILT_IN_STRENGTH_GUIDS } from "../../src/model/graph-values";
import type { Catalog } from "../../src/model/model";

const GRAPH = "https://graph.microsoft.com/v1.0";
const CREATED = "2024-03-11T09:12:44Z";

/**
 * A Microsoft Graph v1.0 export of the tenant an environment of the catalog describes, as `idac export` writes it:
 * pages with `@odata.context` and `@odata.nextLink`, members paged per group and administrative unit, `@odata.type`
 * on directory objects and named locations, nulls where Graph returns nulls, and the objects every tenant has that
 * idac never manages (the built-in authentication strengths, the General catalog, the break-glass accounts and
 * group, role assignments and access packages). Shapes follow the Graph reference pages of each resource.
 */
export function graphExportOf(catalog: Catalog, environmentId: string): Record<string, unknown> {
  const t = expectedTenant(catalog, environmentId);
  const env = catalog.environments.find((e) => e.id === environmentId)!.spec;
  const files: Record<string, unknown> = {};
  const page = (collection: string, context: string, items: unknown[], size = 1000) => {
    const pages = Math.max(1, Math.ceil(items.length / size));
    for (let n = 0; n < pages; n++) {
      files[`${collection}/page-${n + 1}.json`] = {
        "@odata.context": `${GRAPH}/$metadata#${context}`,
        ...(n + 1 < pages ? { "@odata.nextLink": `${GRAPH}/${collection}?$skiptoken=RFNwdAIAAQAAAB${n + 1}` } : {}),
        value: items.slice(n * size, (n + 1) * size),
      };
    }
  };

  const breakGlassUsers = env.breakGlass.accounts.map((id, i) => ({
    id,
    userPrincipalName: `breakglass${i + 1}@meridianrelief.onmicrosoft.com`,
    displayName: `Emergency access ${i + 1}`,
    accountEnabled: true,
  }));
  page("users", "users(id,userPrincipalName,displayName,accountEnabled)", [
    ...t.users.map((u) => ({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: displayNameOf(u.userPrincipalName!), accountEnabled: true })),
    ...breakGlassUsers,
  ]);

  page("servicePrincipals", "servicePrincipals(id,appId,displayName,appRoles)", [
    ...t.servicePrincipals.map((sp) => ({ ...sp, appRoles: sp.appRoles!.map((r) => ({ ...r, description: r.displayName, origin: "Application" })) })),
    {
      id: objectId("builtIn", "microsoft-graph"),
      appId: "00000003-0000-0000-c000-000000000000",
      displayName: "Microsoft Graph",
      appRoles: [
        {
          allowedMemberTypes: ["Application"],
          description: "Allows the app to read all groups.",
          displayName: "Read all groups",
          id: "5b567255-7703-4780-807c-7be8301ae99b",
          isEnabled: true,
          origin: "Application",
          value: "Group.Read.All",
        },
      ],
    },
  ]);

  page(
    "administrativeUnits",
    "directory/administrativeUnits(id,displayName,description,visibility)",
    t.administrativeUnits.map(({ members: _members, ...u }) => ({ "@odata.type": "#microsoft.graph.administrativeUnit", ...u })),
  );
  for (const u of t.administrativeUnits)
    files[`administrativeUnitMembers/${u.id}-1.json`] = {
      "@odata.context": `${GRAPH}/$metadata#directoryObjects(id,userPrincipalName)`,
      value: u.members.map((m) => ({ ...m, userPrincipalName: null })),
    };

  // Unmanaged groups hold the role groups business roles nest into them (azuread_group_member), and people idac does not list.
  const nested = new Map<string, string[]>();
  for (const g of catalog.groups)
    if (g.spec.membership.type === "assigned" && !g.spec.membership.managed)
      nested.set(
        objectId("group", g.id),
        g.grantedByRoles.map((r) => objectId("roleGroup", r)),
      );
  const breakGlassGroup = env.breakGlass.group
    ? [
        {
          id: env.breakGlass.group,
          displayName: "Emergency access accounts",
          description: "Break-glass accounts excluded from every conditional access policy",
          securityEnabled: true,
          mailEnabled: false,
          mailNickname: "emergency-access",
          isAssignableToRole: true,
          visibility: "Private",
          groupTypes: [],
          membershipRule: null,
          membershipRuleProcessingState: null,
          owners: [],
          members: breakGlassUsers.map((u) => ({ "@odata.type": "#microsoft.graph.user", id: u.id, userPrincipalName: u.userPrincipalName })),
        },
      ]
    : [];
  const groups = [...t.groups, ...breakGlassGroup];
  page(
    "groups",
    "groups(id,displayName,description,securityEnabled,mailEnabled,mailNickname," +
      "isAssignableToRole,groupTypes,membershipRule,membershipRuleProcessingState,visibility," +
      "onPremisesSyncEnabled,owners(id,userPrincipalName))",
    groups.map(
      ({
        members: _members,
        memberOf: _memberOf,
        appRoleAssignments: _appRoles,
        pim: _pim,
        owners,
        ...g
      }: (typeof groups)[number] & { memberOf?: unknown; appRoleAssignments?: unknown; pim?: unknown }) => ({
        "@odata.type": "#microsoft.graph.group",
        ...g,
        createdDateTime: CREATED,
        mail: null,
        onPremisesSyncEnabled: null,
        proxyAddresses: [],
        renewedDateTime: CREATED,
        resourceProvisioningOptions: [],
        securityIdentifier: `S-1-12-1-${parseInt(g.id!.slice(0, 8), 16)}`,
        owners,
      }),
    ),
    25,
  );
  for (const g of groups) {
    const members = g.members ?? (nested.get(g.id!) ?? []).map((id) => ({ "@odata.type": "#microsoft.graph.group", id }));
    files[`groupMembers/${g.id}-1.json`] = {
      "@odata.context": `${GRAPH}/$metadata#directoryObjects(id,userPrincipalName)`,
      value: members.map((m) => ({ ...m, userPrincipalName: (m as { userPrincipalName?: string }).userPrincipalName ?? null })),
    };
  }

  for (const g of t.groups) {
    if (!g.appRoleAssignments?.length) continue;
    files[`groupAppRoleAssignments/${g.id}-1.json`] = {
      "@odata.context": `${GRAPH}/$metadata#groups('${g.id}')/appRoleAssignments`,
      value: g.appRoleAssignments.map((a) => ({
        ...a,
        createdDateTime: CREATED,
        deletedDateTime: null,
        principalDisplayName: g.displayName,
        resourceDisplayName: t.servicePrincipals.find((sp) => sp.id === a.resourceId)?.displayName,
      })),
    };
  }

  // PIM for Groups: schedules and the member role's policy of each PIM group, as the PIM APIs return them.
  for (const g of t.groups) {
    if (!g.pim) continue;
    const schedule = (
      kind: string,
      x: { principalId: string; memberType?: string; scheduleInfo: { expiration: Record<string, unknown> } },
      extra: Record<string, unknown>,
    ) => ({
      // PIM for Groups schedule IDs are <group ID>_<member|owner>_<ID>.
      id: `${g.id}_member_${objectId(kind, `${g.id}/${x.principalId}`)}`,
      accessId: "member",
      groupId: g.id,
      principalId: x.principalId,
      memberType: "direct",
      ...extra,
      status: "Provisioned",
      createdDateTime: CREATED,
      modifiedDateTime: null,
      createdUsing: objectId(kind, `${g.id}/${x.principalId}`),
      scheduleInfo: {
        startDateTime: CREATED,
        recurrence: null,
        expiration: { type: "notSpecified", endDateTime: null, duration: null, ...x.scheduleInfo.expiration },
      },
    });
    files[`groupEligibilitySchedules/${g.id}-1.json`] = {
      "@odata.context": `${GRAPH}/$metadata#identityGovernance/privilegedAccess/group/eligibilitySchedules`,
      value: g.pim.eligibilitySchedules.map((x) => schedule("eligibilitySchedule", x, {})),
    };
    // An activation in progress is an assignment too ("activated"): it is not standing access.
    const activated = g.pim.eligibilitySchedules.slice(0, 1).map((x) => schedule("activation", x, { assignmentType: "activated", scheduleInfo: undefined }));
    files[`groupAssignmentSchedules/${g.id}-1.json`] = {
      "@odata.context": `${GRAPH}/$metadata#identityGovernance/privilegedAccess/group/assignmentSchedules`,
      value: [
        ...g.pim.assignmentSchedules.map((x) => schedule("assignmentSchedule", x, { assignmentType: "assigned" })),
        ...activated.map((a) => ({
          ...a,
          scheduleInfo: {
            startDateTime: CREATED,
            recurrence: null,
            expiration: { type: "afterDateTime", endDateTime: "2026-11-22T10:00:00Z", duration: null },
          },
        })),
      ],
    };
    const policyId = objectId("roleManagementPolicy", g.id!);
    const target = (caller: string, level: string) => ({ caller, operations: ["All"], level, inheritableSettings: [], enforcedSettings: [] });
    const rules = Object.entries(g.pim.rules).map(([id, rule]) => {
      const r = rule as Record<string, unknown>;
      const base = { id, ...r, target: target(id.includes("EndUser") ? "EndUser" : "Admin", id.endsWith("Eligibility") ? "Eligibility" : "Assignment") };
      if (id !== "Approval_EndUser_Assignment") return base;
      const setting = r.setting as { isApprovalRequired: boolean; approvalStages: { primaryApprovers: Record<string, unknown>[] }[] };
      return {
        ...base,
        setting: {
          isApprovalRequired: setting.isApprovalRequired,
          isApprovalRequiredForExtension: false,
          isRequestorJustificationRequired: true,
          approvalMode: "SingleStage",
          approvalStages: setting.approvalStages.map((st) => ({
            approvalStageTimeOutInDays: 1,
            isApproverJustificationRequired: true,
            escalationTimeInMinutes: 0,
            isEscalationEnabled: false,
            primaryApprovers: st.primaryApprovers.map((a) => ({ ...a, isBackup: false, description: null })),
            escalationApprovers: [],
          })),
        },
      };
    });
    files[`groupRoleManagementPolicies/${g.id}-1.json`] = {
      "@odata.context": `${GRAPH}/$metadata#policies/roleManagementPolicyAssignments(policy(rules()))`,
      value: [
        {
          id: `Group_${g.id}_${policyId}_member`,
          policyId,
          scopeId: g.id,
          scopeType: "Group",
          roleDefinitionId: "member",
          policy: {
            id: policyId,
            displayName: "Group",
            description: "Group",
            isOrganizationDefault: false,
            scopeId: g.id,
            scopeType: "Group",
            lastModifiedDateTime: CREATED,
            lastModifiedBy: null,
            "rules@odata.context": `${GRAPH}/$metadata#policies/roleManagementPolicyAssignments('Group_${g.id}_${policyId}_member')/policy/rules`,
            rules: [
              ...rules,
              {
                "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
                id: "Notification_Admin_Admin_Eligibility",
                notificationType: "Email",
                recipientType: "Admin",
                notificationLevel: "All",
                isDefaultRecipientsEnabled: true,
                notificationRecipients: [],
                target: target("Admin", "Eligibility"),
              },
            ],
          },
        },
      ],
    };
  }

  const builtIn = [
    ["mfa", "Multifactor authentication", "Combinations of methods that satisfy strong authentication, such as a password + SMS"],
    [
      "passwordlessMfa",
      "Passwordless MFA",
      "Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator",
    ],
    [
      "phishingResistantMfa",
      "Phishing-resistant MFA",
      "Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key",
    ],
  ].map(([key, displayName, description]) => ({
    id: BUILT_IN_STRENGTH_GUIDS[key!]!,
    displayName,
    description,
    policyType: "builtIn",
    requirementsSatisfied: "mfa",
    allowedCombinations: key === "phishingResistantMfa" ? ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"] : ["fido2"],
    createdDateTime: "2021-12-01T00:00:00Z",
    modifiedDateTime: "2021-12-01T00:00:00Z",
  }));
  const strengths = [...builtIn, ...t.authenticationStrengthPolicies.map((s) => ({ ...s, createdDateTime: CREATED, modifiedDateTime: CREATED }))];
  page("authenticationStrengthPolicies", "policies/authenticationStrengthPolicies", strengths);

  page(
    "namedLocations",
    "identity/conditionalAccess/namedLocations",
    t.namedLocations.map((l) => ({ ...l, createdDateTime: CREATED, modifiedDateTime: CREATED })),
  );

  page(
    "conditionalAccessPolicies",
    "identity/conditionalAccess/policies",
    t.conditionalAccessPolicies.map((p) => {
      const strengthId = (p.grantControls?.authenticationStrength as { id?: string } | null | undefined)?.id;
      const strength = strengths.find((s) => s.id === strengthId);
      return {
        id: p.id,
        templateId: null,
        displayName: p.displayName,
        createdDateTime: CREATED,
        modifiedDateTime: null,
        state: p.state,
        sessionControls: p.sessionControls ? { ...p.sessionControls, continuousAccessEvaluation: null, secureSignInSession: null } : null,
        conditions: { ...p.conditions, servicePrincipalRiskLevels: [], insiderRiskLevels: null, clientApplications: null, devices: null, times: null },
        grantControls: p.grantControls
          ? {
              ...p.grantControls,
              customAuthenticationFactors: [],
              termsOfUse: [],
              authenticationStrength: strength
                ? {
                    ...strength,
                    "combinationConfigurations@odata.context":
                      `${GRAPH}` +
                      `/$metadata#identity/conditionalAccess/policies('${p.id}` +
                      `')/grantControls/authenticationStrength/combinationConfigurations`,
                    combinationConfigurations: [],
                  }
                : null,
            }
          : null,
      };
    }),
  );

  page("accessPackageCatalogs", "identityGovernance/entitlementManagement/catalogs", [
    {
      id: objectId("builtIn", "general-catalog"),
      displayName: "General",
      description: "Built-in catalog.",
      catalogType: "serviceDefault",
      state: "published",
      isExternallyVisible: true,
      createdDateTime: CREATED,
      modifiedDateTime: CREATED,
    },
    ...t.accessPackageCatalogs.map((c) => ({ ...c, createdDateTime: CREATED, modifiedDateTime: CREATED })),
  ]);

  page(
    "accessPackages",
    "identityGovernance/entitlementManagement/accessPackages(resourceRoleScopes(role(),scope()),catalog())",
    t.accessPackages.map((p) => ({
      ...p,
      createdDateTime: CREATED,
      modifiedDateTime: CREATED,
      catalog: { ...t.accessPackageCatalogs.find((c) => c.id === p.catalog!.id)!, createdDateTime: CREATED, modifiedDateTime: CREATED },
      resourceRoleScopes: p.resourceRoleScopes!.map((rs) => ({
        ...rs,
        createdDateTime: CREATED,
        role: { ...rs.role, description: null },
        scope: { ...rs.scope, displayName: "Root", description: "Root Scope" },
      })),
    })),
  );
  page(
    "assignmentPolicies",
    "identityGovernance/entitlementManagement/assignmentPolicies(accessPackage())",
    t.assignmentPolicies.map((p) => ({
      ...p,
      createdDateTime: CREATED,
      modifiedDateTime: CREATED,
      automaticRequestSettings: p.automaticRequestSettings ?? null,
      notificationSettings: null,
      accessPackage: { ...t.accessPackages.find((x) => x.id === p.accessPackage!.id)!, resourceRoleScopes: undefined, catalog: undefined },
      requestorSettings: p.automaticRequestSettings
        ? null
        : {
            ...p.requestorSettings,
            enableTargetsToSelfRemoveAccess: true,
            allowCustomAssignmentSchedule: false,
            enableOnBehalfRequestorsToAddAccess: false,
            enableOnBehalfRequestorsToUpdateAccess: false,
            enableOnBehalfRequestorsToRemoveAccess: false,
            onBehalfRequestors: [],
          },
    })),
  );
  page("roleAssignments", "roleManagement/directory/roleAssignments(principal())", [
    ...env.breakGlass.accounts.map((id, i) => ({
      id: `bg-${i + 1}`,
      roleDefinitionId: "62e90394-69f5-4237-9190-012177145e10",
      principalId: id,
      directoryScopeId: "/",
      principal: { "@odata.type": "#microsoft.graph.user", id, userPrincipalName: breakGlassUsers[i]!.userPrincipalName },
    })),
    ...catalog.privilegedRoles.flatMap((p) =>
      t.groups
        .find((g) => g.id === objectId("pimGroup", p.id))!
        .pim!.roleAssignments.map((a) => ({
          id: objectId("roleAssignment", p.id),
          ...a,
          principalId: objectId("pimGroup", p.id),
          principal: { "@odata.type": "#microsoft.graph.group", id: objectId("pimGroup", p.id), displayName: p.spec.group.displayName },
        })),
    ),
  ]);
  // Access review definitions as Graph returns them: the recurrence filled in, reviewers with queryRoot, a status.
  page(
    "accessReviewDefinitions",
    "identityGovernance/accessReviews/definitions",
    t.accessReviewDefinitions.map((d) => {
      const settings = d.settings as { recurrence: { pattern: object; range: object } };
      const withRoot = (list: unknown) => ((list ?? []) as object[]).map((r) => ({ queryRoot: null, ...r }));
      return {
        ...d,
        status: "InProgress",
        createdDateTime: CREATED,
        lastModifiedDateTime: CREATED,
        instanceEnumerationScope: null,
        additionalNotificationRecipients: [],
        reviewers: withRoot(d.reviewers),
        fallbackReviewers: withRoot(d.fallbackReviewers),
        settings: {
          ...settings,
          decisionHistoriesForReviewersEnabled: false,
          applyActions: [],
          recurrence: {
            pattern: { month: 0, dayOfMonth: 0, daysOfWeek: [], firstDayOfWeek: "sunday", index: "first", ...settings.recurrence.pattern },
            range: { numberOfOccurrences: 0, recurrenceTimeZone: null, endDate: null, ...settings.recurrence.range },
          },
        },
      };
    }),
  );
  lifecycleAndMethodPages(t, page, files);
  page("roleAssignmentSchedules", "roleManagement/directory/roleAssignmentSchedules", []);
  page("roleEligibilitySchedules", "roleManagement/directory/roleEligibilitySchedules", []);
  page(
    "roleDefinitions",
    "roleManagement/directory/roleDefinitions(id,displayName,isBuiltIn,templateId)",
    [...new Map(catalog.privilegedRoles.map((p) => [p.directoryRoleTemplateId, p.spec.directoryRole])).entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, displayName]) => ({ id, displayName, isBuiltIn: true, templateId: id })),
  );
  return files;
}

type Tenant = ReturnType<typeof expectedTenant>;
type Loose = Record<string, unknown>;
const TASK_CATEGORY: Readonly<Record<string, string>> = { joiner: "joiner", mover: "mover", leaver: "leaver" };

/**
 * Lifecycle workflows (`$expand=tasks`), the authentication methods policy (one object) and directory role PIM
 * policies as Graph v1.0 returns them: IDs, versions, timestamps and task sequence added; method configurations
 * the catalog leaves alone; every rule of each policy (idac sets four); and a role whose policy Entra left as it made
 * it (eligibility without end), which is not the catalog's.
 * @see https://learn.microsoft.com/graph/api/resources/identitygovernance-workflow
 * @see https://learn.microsoft.com/graph/api/resources/authenticationmethodspolicy
 * @see https://learn.microsoft.com/graph/api/resources/unifiedrolemanagementpolicyassignment
 */
function lifecycleAndMethodPages(t: Tenant, page: (collection: string, context: string, items: unknown[]) => void, files: Record<string, unknown>): void {
  page(
    "lifecycleWorkflows",
    "identityGovernance/lifecycleWorkflows/workflows(tasks())",
    t.lifecycleWorkflows.map((w) => ({
      ...w,
      createdDateTime: CREATED,
      lastModifiedDateTime: CREATED,
      deletedDateTime: null,
      nextScheduleRunDateTime: null,
      version: 1,
      tasks: (w.tasks as Loose[]).map((task, i) => ({
        category: TASK_CATEGORY[String(w.category)],
        ...task,
        id: objectId("lifecycleTask", `${String(w.id)}/${i}`),
        executionSequence: i + 1,
      })),
    })),
  );
  const policy = t.authenticationMethodsPolicies[0];
  if (policy) {
    const { authenticationMethodConfigurations: configs, ...rest } = policy as Loose & { authenticationMethodConfigurations: Loose[] };
    files["authenticationMethodsPolicies/page-1.json"] = {
      "@odata.context": `${GRAPH}/$metadata#policies/authenticationMethodsPolicy`,
      ...rest,
      displayName: "Authentication Methods Policy",
      description: "The tenant-wide policy that controls which authentication methods are allowed in the tenant.",
      lastModifiedDateTime: CREATED,
      policyVersion: "1.5",
      policyMigrationState: "migrationComplete",
      authenticationMethodConfigurations: [
        ...configs,
        // Methods the catalog does not set: left as they are.
        {
          "@odata.type": "#microsoft.graph.emailAuthenticationMethodConfiguration",
          id: "Email",
          state: "enabled",
          allowExternalIdToUseEmailOtp: "default",
          includeTargets: [{ targetType: "group", id: "all_users" }],
          excludeTargets: [],
        },
        { "@odata.type": "#microsoft.graph.softwareOathAuthenticationMethodConfiguration", id: "SoftwareOath", state: "disabled", excludeTargets: [] },
      ],
    };
  }
  const rule = (id: string, type: string, target: Loose, body: Loose) => ({
    "@odata.type": `#microsoft.graph.unifiedRoleManagementPolicy${type}Rule`,
    id,
    ...body,
    target: { operations: ["All"], inheritableSettings: [], enforcedSettings: [], ...target },
  });
  // Rules idac does not set, as Entra creates them.
  const others = [
    rule("Expiration_Admin_Assignment", "Expiration", { caller: "Admin", level: "Assignment" }, { isExpirationRequired: true, maximumDuration: "P180D" }),
    rule(
      "Notification_Admin_Admin_Eligibility",
      "Notification",
      { caller: "Admin", level: "Eligibility" },
      { notificationType: "Email", recipientType: "Admin", notificationLevel: "All", isDefaultRecipientsEnabled: true, notificationRecipients: [] },
    ),
  ];
  const assignment = (roleDefinitionId: string, rules: unknown[]) => {
    const policyId = `DirectoryRole_${objectId("tenant", "meridian")}_${objectId("rolePolicy", roleDefinitionId)}`;
    return {
      id: `${policyId}_${roleDefinitionId}`,
      policyId,
      scopeId: "/",
      scopeType: "DirectoryRole",
      roleDefinitionId,
      policy: {
        id: policyId,
        displayName: "DirectoryRole",
        description: "DirectoryRole",
        isOrganizationDefault: false,
        scopeId: "/",
        scopeType: "DirectoryRole",
        lastModifiedDateTime: CREATED,
        lastModifiedBy: null,
        rules,
      },
    };
  };
  page("directoryRolePolicies", "policies/roleManagementPolicyAssignments(policy(rules()))", [
    ...t.directoryRolePolicies.map((d) => {
      const rules = (d.policy as { rules: Loose[] }).rules.map((r) => rule(String(r.id), ruleType(String(r.id)), r.target as Loose, r));
      return assignment(String(d.roleDefinitionId), [...rules, ...others]);
    }),
    // Helpdesk Administrator, as Entra creates its policy: eligible for good, so not the catalog's.
    assignment("729827e3-9c14-49f7-bb1b-9608f156bbb8", [
      rule("Expiration_Admin_Eligibility", "Expiration", { caller: "Admin", level: "Eligibility" }, { isExpirationRequired: false, maximumDuration: "P365D" }),
      rule("Expiration_EndUser_Assignment", "Expiration", { caller: "EndUser", level: "Assignment" }, { isExpirationRequired: true, maximumDuration: "PT8H" }),
      ...others,
    ]),
  ]);
}

const ruleType = (id: string) => id.split("_")[0]!;

function displayNameOf(upn: string): string {
  return upn
    .split("@")[0]!
    .split(/[._]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

export async function writeFiles(dir: string, files: Record<string, unknown>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), JSON.stringify(content, null, 2) + "\n");
  }
}

/** A catalog folder holding only the example's prod environment (without its per-policy overrides, which name catalog IDs). */
export async function prodOnlyCatalog(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "idac-import-"));
  const doc = parseDocument(await readFile(path.resolve(__dirname, "../../environments/prod.yaml"), "utf8"));
  doc.deleteIn(["environments", 0, "overrides"]);
  await mkdir(path.join(dir, "environments"), { recursive: true });
  await writeFile(path.join(dir, "environments/prod.yaml"), doc.toString());
  return dir;
}
