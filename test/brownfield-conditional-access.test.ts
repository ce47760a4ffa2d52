import { describe, expect, it } from "vitest";
import { caPolicyFromGraph, caPolicyToGraph, caProviderLimit } from "../src/brownfield/concepts/conditional-access";
import { importExport } from "../src/brownfield/import";
import { checkRoundTrip } from "../src/brownfield/round-trip";
import type { GraphView, ImportContext } from "../src/brownfield/concepts/context";
import { GraphConditionalAccessPolicy } from "../src/brownfield/graph";
import { ConditionalAccessPolicy } from "../src/schema/catalog";
import { BREAK_GLASS, exportOf } from "./helpers/arbitrary-ca-policy";

/** A Graph policy (defaults filled as the reader fills them) with the given parts changed. */
function graph(change: (p: Record<string, any>) => void = () => {}) {
  const p: Record<string, any> = {
    id: "0c000000-0000-4000-8000-000000000001",
    displayName: "CA001-Global-BaseProtection-AllApps-AnyPlatform-MFA",
    state: "enabled",
    conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
    sessionControls: null,
  };
  change(p);
  return GraphConditionalAccessPolicy.parse(p);
}

const ctx: ImportContext = {
  ref: () => undefined,
  unknownGroup: (id) => `group ${id}, which the export does not hold (deleted?)`,
  app: () => undefined,
  servicePrincipal: () => undefined,
  person: (id) => id,
  people: (ids) => [...ids],
  name: (n) => n,
  breakGlassAccounts: [],
  breakGlassGroup: undefined,
};

const view: GraphView = {
  displayName: (n) => n,
  user: (ref) => ({ id: ref }),
  objectId: (kind, id) => `${kind}:${id}`,
  application: (id) => ({ clientId: `client:${id}`, servicePrincipalId: `sp:${id}` }),
  strengthName: () => undefined,
  breakGlass: { accounts: ["aaaaaaaa-0000-0000-0000-000000000001"] },
  caState: (p) => p.spec.state,
};

describe("conditional access from Graph to the catalog", () => {
  it.each([
    ["the keyword None (no application)", (p: any) => (p.conditions.applications.includeApplications = ["None"]), { include: ["None"] }],
    ["Office365 excluded from All", (p: any) => (p.conditions.applications.excludeApplications = ["Office365"]), { include: ["All"], exclude: ["Office365"] }],
    [
      "Azure management by its Microsoft client ID",
      (p: any) => (p.conditions.applications.includeApplications = ["797F4846-BA00-4FD7-BA43-DAC1F8F63013"]),
      { include: ["AzureManagement"] },
    ],
  ])("writes %s as an application keyword, never as a missing service principal", (_, change, applications) => {
    const made = caPolicyFromGraph(graph(change), ctx);
    expect(made.limits).toEqual([]);
    expect(made.entry.applications).toEqual(applications);
  });

  it.each([
    [
      "fails when a policy targets agent identity resources (provider)",
      (p: any) => (p.conditions.applications.includeApplications = ["AllAgentIdResources"]),
      "conditions.applications.includeApplications",
      "provider",
      /agent identities: azuread 3\.7\.0 has no agent identity support/,
    ],
    [
      "fails when an application keyword is unknown (idac)",
      (p: any) => (p.conditions.applications.includeApplications = ["AllCloudApps"]),
      "conditions.applications.includeApplications",
      "idac",
      /not an application keyword the catalog knows/,
    ],
    [
      "fails when a policy names several insider risk levels (provider)",
      (p: any) => (p.conditions.insiderRiskLevels = "minor,moderate"),
      "conditions.insiderRiskLevels",
      "provider",
      /insider_risk_levels is a single value/,
    ],
    [
      "fails when custom controls stand alone (provider)",
      (p: any) => (p.grantControls = { operator: "OR", builtInControls: [], customAuthenticationFactors: ["ContosoToken"] }),
      "grantControls.customAuthenticationFactors",
      "provider",
      /needs built_in_controls, authentication_strength_policy_id or terms_of_use/,
    ],
    [
      "fails when application-enforced restrictions come with an everyTime sign-in frequency (provider)",
      (p: any) =>
        (p.sessionControls = { signInFrequency: { isEnabled: true, frequencyInterval: "everyTime" }, applicationEnforcedRestrictions: { isEnabled: true } }),
      "sessionControls.applicationEnforcedRestrictions",
      "provider",
      /does not send application_enforced_restrictions_enabled with sign_in_frequency_interval everyTime/,
    ],
    [
      "fails when a sign-in frequency is 24 hours (idac)",
      (p: any) => (p.sessionControls = { signInFrequency: { isEnabled: true, type: "hours", value: 24 } }),
      "sessionControls.signInFrequency",
      "idac",
      /1 to 23 hours or 1 to 365 days/,
    ],
    [
      "fails when a guest type is unknown to the provider",
      (p: any) => (p.conditions.users.includeGuestsOrExternalUsers = { guestOrExternalUserTypes: "internalGuest,unknownFutureValue" }),
      "conditions.users.includeGuestsOrExternalUsers.guestOrExternalUserTypes",
      "provider",
      /accepts the guest or external user types/,
    ],
    [
      "fails when enumerated external tenants list none (idac)",
      (p: any) =>
        (p.conditions.users.includeGuestsOrExternalUsers = {
          guestOrExternalUserTypes: "b2bDirectConnectUser",
          externalTenants: { membershipKind: "enumerated", members: [] },
        }),
      "conditions.users.includeGuestsOrExternalUsers.externalTenants",
      "idac",
      /by tenant ID, and at least one/,
    ],
    [
      "fails when a group is not in the export (idac)",
      (p: any) => (p.conditions.users.excludeGroups = ["0d000000-0000-4000-8000-000000000009"]),
      "conditions.users.excludeGroups",
      "idac",
      /which the export does not hold/,
    ],
  ])("%s", (_, change, path, limit, why) => {
    const made = caPolicyFromGraph(graph(change), ctx);
    expect(made.limits).toEqual([expect.objectContaining({ path, limit, why: expect.stringMatching(why) })]);
  });

  it("keeps the legacy GuestsOrExternalUsers keyword among included and excluded users, as azuread 3.7.0 sends it", () => {
    const made = caPolicyFromGraph(
      graph((p) => ((p.conditions.users.includeUsers = ["GuestsOrExternalUsers"]), (p.conditions.users.excludeUsers = ["GuestsOrExternalUsers"]))),
      ctx,
    );
    expect(made.limits).toEqual([]);
    expect(made.entry.users).toEqual({ include: { legacyGuestsOrExternalUsers: true }, exclude: { legacyGuestsOrExternalUsers: true } });
    const all = caPolicyFromGraph(
      graph((p) => (p.conditions.users.excludeUsers = ["GuestsOrExternalUsers"])),
      ctx,
    );
    expect(all.entry.users).toEqual({ include: { all: true }, exclude: { legacyGuestsOrExternalUsers: true } });
    const back = caPolicyToGraph({ id: "p", spec: ConditionalAccessPolicy.parse({ id: "p", ...all.entry }) }, view);
    expect(back.conditions!.users!.excludeUsers).toEqual(["GuestsOrExternalUsers"]);
  });

  it("keeps a block's operator exactly: AND stays AND, OR is the default", () => {
    const and = caPolicyFromGraph(
      graph((p) => (p.grantControls = { operator: "AND", builtInControls: ["block"] })),
      ctx,
    );
    const or = caPolicyFromGraph(
      graph((p) => (p.grantControls = { operator: "OR", builtInControls: ["block"] })),
      ctx,
    );
    expect([and.entry.grant, or.entry.grant]).toEqual([{ block: true, operator: "AND" }, { block: true }]);
  });

  it("writes a policy with session controls only without a grant, and Graph's empty grant controls as none", () => {
    const made = caPolicyFromGraph(
      graph(
        (p) => (
          (p.grantControls = { operator: "OR", builtInControls: [], termsOfUse: [], customAuthenticationFactors: [] }),
          (p.sessionControls = { persistentBrowser: { isEnabled: true, mode: "never" } })
        ),
      ),
      ctx,
    );
    expect(made.limits).toEqual([]);
    expect(made.entry.grant).toBeUndefined();
    expect(made.entry.session).toEqual({ persistentBrowser: "never" });
  });

  it("imports a policy whose authentication flows were cleared (transfer methods none) as one without the condition", () => {
    const policy = {
      ...graph(),
      id: "0c000000-0000-4000-8000-000000000001",
      conditions: {
        ...graph().conditions,
        users: { ...graph().conditions.users, excludeUsers: [...BREAK_GLASS.accounts], excludeGroups: [BREAK_GLASS.group] },
        authenticationFlows: { transferMethods: "none" },
      },
    };
    const data = exportOf([policy as unknown as Record<string, unknown>]);
    const result = importExport(data, { environment: { breakGlass: BREAK_GLASS, namePrefix: "" } });
    const check = checkRoundTrip(result, data, { namePrefix: "", breakGlass: [...BREAK_GLASS.accounts, BREAK_GLASS.group] });
    expect([...result.notImported, ...check.refused].filter((n) => n.collection === "conditionalAccessPolicies")).toEqual([]);
    expect(result.catalog.conditionalAccessPolicies[0]!.authenticationFlows).toBeUndefined();
  });

  it("writes sign-in frequencies with their authentication type, every time or by hours and days", () => {
    const session = (f: Record<string, unknown>) =>
      caPolicyFromGraph(
        graph((p) => (p.sessionControls = { signInFrequency: { isEnabled: true, ...f } })),
        ctx,
      ).entry.session;
    expect(session({ frequencyInterval: "everyTime", authenticationType: "primaryAndSecondaryAuthentication" })).toEqual({ signInFrequency: "everyTime" });
    expect(session({ frequencyInterval: "everyTime", authenticationType: "secondaryAuthentication" })).toEqual({
      signInFrequency: { everyTime: true, authenticationType: "secondaryAuthentication" },
    });
    // A frequency written before Graph had authenticationType and frequencyInterval: the documented defaults.
    expect(session({ type: "days", value: 7 })).toEqual({ signInFrequency: { days: 7 } });
    expect(session({ type: "hours", value: 4, authenticationType: "secondaryAuthentication", frequencyInterval: "timeBased" })).toEqual({
      signInFrequency: { hours: 4, authenticationType: "secondaryAuthentication" },
    });
  });
});

describe("conditional access from the catalog to Graph", () => {
  const spec = (fields: Record<string, unknown>) =>
    ConditionalAccessPolicy.parse({
      id: "p",
      displayName: "P",
      users: { include: { all: true } },
      applications: { include: ["All"] },
      grant: { controls: ["mfa"] },
      ...fields,
    });

  it("writes a block with its operator, and no grant controls for a policy with session controls only", () => {
    expect(caPolicyToGraph({ id: "p", spec: spec({ grant: { block: true, operator: "AND" } }) }, view).grantControls).toEqual({
      operator: "AND",
      builtInControls: ["block"],
    });
    expect(caPolicyToGraph({ id: "p", spec: spec({ grant: undefined, session: { applicationEnforcedRestrictions: true } }) }, view).grantControls).toBeNull();
  });

  it("writes guests from listed external tenants, workload identities, a device filter and insider risk as Graph spells them", () => {
    const g = caPolicyToGraph(
      {
        id: "p",
        spec: spec({
          users: {
            include: {
              guestsOrExternalUsers: ["b2bDirectConnectUser"],
              externalTenants: ["7C1F4F8A-0000-4000-8000-000000000002", "7c1f4f8a-0000-4000-8000-000000000001"],
            },
          },
          clientApplications: {
            include: ["ServicePrincipalsInMyTenant"],
            exclude: ["batch"],
            filter: { mode: "exclude", rule: 'CustomSecurityAttribute.Tier -eq "0"' },
          },
          deviceFilter: { mode: "include", rule: 'device.trustType -ne "ServerAD"' },
          insiderRiskLevels: ["elevated"],
          servicePrincipalRiskLevels: ["high"],
        }),
      },
      view,
    );
    expect(g.conditions!.users!.includeGuestsOrExternalUsers).toEqual({
      guestOrExternalUserTypes: "b2bDirectConnectUser",
      externalTenants: {
        "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
        membershipKind: "enumerated",
        members: ["7c1f4f8a-0000-4000-8000-000000000001", "7c1f4f8a-0000-4000-8000-000000000002"],
      },
    });
    expect(g.conditions!.clientApplications).toEqual({
      includeServicePrincipals: ["ServicePrincipalsInMyTenant"],
      excludeServicePrincipals: ["sp:batch"],
      servicePrincipalFilter: { mode: "exclude", rule: 'CustomSecurityAttribute.Tier -eq "0"' },
    });
    expect(g.conditions!.devices).toEqual({ deviceFilter: { mode: "include", rule: 'device.trustType -ne "ServerAD"' } });
    expect([g.conditions!.insiderRiskLevels, g.conditions!.servicePrincipalRiskLevels]).toEqual(["elevated", ["high"]]);
  });
});

describe("what azuread 3.7.0 cannot express", () => {
  it.each([
    [
      "conditions.applications.includeAuthenticationContextClassReferences",
      /^authentication contexts: azuread 3\.7\.0 has no attribute for conditions\.applications\.includeAuthenticationContextClassReferences$/,
    ],
    ["sessionControls.secureSignInSession", /^token protection/],
    ["sessionControls.continuousAccessEvaluation", /^continuous access evaluation/],
    ["conditions.clientApplications.agentIdServicePrincipalFilter", /^agent identities/],
    ["conditions.times", /^a condition Microsoft retired/],
  ])("names %s as a property without an attribute", (path, why) => {
    expect(caProviderLimit(path)).toMatch(why);
  });

  it.each([
    "conditions.devices.deviceFilter.rule",
    "grantControls.termsOfUse",
    "sessionControls.signInFrequency.authenticationType",
    "conditions.users.includeGuestsOrExternalUsers.externalTenants.members",
  ])("knows %s is set by the provider", (path) => {
    expect(caProviderLimit(path)).toBeUndefined();
  });
});
