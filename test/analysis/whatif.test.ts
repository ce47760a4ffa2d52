import { describe, expect, it } from "vitest";
import { evaluate, type Principal, type SignIn } from "../../src/analysis/conditional-access/evaluate";
import { MICROSOFT_APPS, MICROSOFT_APPS_SOURCE, microsoftAppById, microsoftAppByName } from "../../src/analysis/conditional-access/microsoft-apps";
import { runWhatIf, type WhatIfOptions } from "../../src/cli/commands/coverage";
import { environmentView } from "../../src/model/environment";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput, OWNERS, writeCatalog } from "../helpers/catalog";

const EXCHANGE = "00000002-0000-0ff1-ce00-000000000000";
const policy = (id: string, body: string, state = "enabled") =>
  `  - id: ${id}\n    displayName: CA${id.replace(/\D/g, "").padStart(3, "0")}` +
  `-Global-BaseProtection-AllApps-AnyPlatform-X\n    description: d\n    state: ${state}\n` +
  `${body}`;

const CATALOG = {
  "roles/apps.yaml": `applications:
  - id: exchange
    displayName: Exchange Online (mail)
    clientId: ${EXCHANGE}
  - id: erp
    displayName: Finance ERP
    clientId: 33333333-3333-3333-3333-333333333333
groups:
  - id: finance
    displayName: FIN Finance
    description: d
    owners: ${OWNERS}
    membership: { type: assigned }
`,
  "policies/ca.yaml":
    `namedLocations:
  - id: hq
    displayName: Geneva Headquarters
    ip: { ranges: [203.0.113.0/24, "2001:db8:100::/48"], trusted: true }
  - id: field
    displayName: Field offices
    ip: { ranges: [198.51.100.0/26] }
  - id: blocked
    displayName: Blocked countries
    countries: { codes: [KP, IR], includeUnknown: true }
conditionalAccessPolicies:\n` +
    policy(
      "ca001",
      "    users: { include: { guestsOrExternalUsers: [b2bCollaborationGuest, " +
        "b2bCollaborationMember] } }\n    applications: { " +
        "include: [All], exclude: [Office365] " +
        "}\n    grant: { block: true }\n",
    ) +
    policy(
      "ca002",
      "    users: { include: { all: true } }\n    applications: { " +
        "include: [All] }\n    locations: { include: " +
        "[All], exclude: [AllTrusted] }\n    grant: { " +
        "controls: [mfa] }\n",
    ) +
    policy(
      "ca003",
      "    users: { include: { all: true } }\n    applications: { " +
        "include: [All] }\n    locations: { include: " +
        "[blocked] }\n    grant: { block: true }\n",
    ) +
    `${policy("ca004", "    users: { include: { groups: [finance] } }\n    applications: { include: [erp] }\n    grant: { controls: [compliantDevice] }\n")}` +
    policy(
      "ca005",
      "    users: { include: { all: true } }\n    applications: { " +
        "include: [Office365] }\n    locations: { " +
        "include: [field] }\n    grant: { controls: " +
        "[mfa] }\n",
    ) +
    `personas:
  - id: staff
    displayName: Finance staff
    groups: [finance]
  - id: managed-staff
    displayName: Finance staff on a compliant laptop
    groups: [finance]
    device: { compliant: true }
  - id: guest
    displayName: Partner guest
    userType: guest
  - id: external-member
    displayName: Partner working as a member
    guestType: b2bCollaborationMember
  - id: local-guest
    displayName: Local guest account
    userType: guest
    guestType: internalGuest
`,
};

async function whatif(args: Partial<WhatIfOptions> & { persona: string; app: string; location?: string }) {
  const root = await writeCatalog(CATALOG);
  const out = captureOutput();
  const { app, location, ...rest } = args;
  const code = await runWhatIf(
    {
      catalog: root,
      format: "human",
      ...rest,
      signIn: { app, client: "browser", platform: "windows", signInRisk: "none", userRisk: "none", ...(location !== undefined ? { location } : {}) },
    },
    out.out,
  );
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

describe("Microsoft's application groups", () => {
  it("hold the applications Microsoft Learn lists, with their application IDs, in one table", () => {
    expect(MICROSOFT_APPS_SOURCE).toBe("https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-cloud-apps");
    const inGroup = (g: string) => MICROSOFT_APPS.filter((a) => a.groups.includes(g as never)).map((a) => a.displayName);
    expect(inGroup("Office365")).toEqual(
      expect.arrayContaining(["Office 365 Exchange Online", "Office 365 SharePoint Online", "Microsoft Teams", "OneDrive", "Viva Engage"]),
    );
    expect(inGroup("MicrosoftAdminPortals")).toEqual(
      expect.arrayContaining([
        "Azure Portal",
        "Exchange admin center",
        "Microsoft 365 admin center",
        "Microsoft Entra admin center",
        "Microsoft Intune admin center",
        "Microsoft Purview portal",
        "Microsoft Teams admin center",
        "Microsoft 365 Defender portal",
      ]),
    );
    expect(inGroup("AzureManagement")).toEqual(
      expect.arrayContaining(["Windows Azure Service Management API", "Azure Portal", "Azure Data Lake", "Application Insights API", "Log Analytics API"]),
    );
    expect(microsoftAppById(EXCHANGE.toUpperCase())?.displayName).toBe("Office 365 Exchange Online");
    expect(microsoftAppById("00000003-0000-0ff1-ce00-000000000000")?.displayName).toBe("Office 365 SharePoint Online");
    expect(microsoftAppById("797f4846-ba00-4fd7-ba43-dac1f8f63013")?.groups).toEqual(["AzureManagement"]);
    expect(microsoftAppByName("sharepoint online")?.appId).toBe("00000003-0000-0ff1-ce00-000000000000");
    expect(new Set(MICROSOFT_APPS.filter((a) => a.appId).map((a) => a.appId)).size).toBe(MICROSOFT_APPS.filter((a) => a.appId).length);
  });

  it.each([
    ["the catalog application with Exchange Online's client ID", "exchange"],
    ["Exchange Online by Microsoft's name, not declared", `microsoft:${EXCHANGE}`],
    ["Microsoft Teams, not declared", "microsoft:Microsoft Teams"],
  ])("does not block a guest from %s with a policy that excludes Office365", async (_label, app) => {
    const { catalog } = await loadCatalog(await writeCatalog(CATALOG));
    const view = environmentView(catalog!, "test");
    const guest: Principal = {
      id: "g",
      userType: "guest",
      guestType: "b2bCollaborationGuest",
      groups: new Set(),
      roles: new Set(),
      breakGlass: false,
      device: { compliant: false, domainJoined: false },
    };
    const signIn: SignIn = {
      app,
      client: "browser",
      platform: "windows",
      signInRisk: "none",
      userRisk: "none",
      location: { label: "field", namedLocations: ["field"], trusted: false },
    };
    const d = evaluate(view, guest, signIn);
    expect(d.enforced.blocked).toBe(false);
    expect(d.policies.find((p) => p.policy === "ca001")!.reason).toBe("excludes Office365, which contains the application");
    // …and a policy that includes Office365 applies to it.
    expect(d.policies.find((p) => p.policy === "ca005")!.applies).toBe(true);
    expect(evaluate(view, guest, { ...signIn, app: "erp" }).enforced.blocked).toBe(true);
  });
});

describe("whatif inputs", () => {
  it.each([
    ["an IPv4 address in a trusted range", "203.0.113.9", "203.0.113.9 (hq, trusted)", "ca002 [enabled] excludes location AllTrusted"],
    ["an IPv6 address in a trusted range", "2001:db8:100::5", "2001:db8:100::5 (hq, trusted)", "ca002 [enabled] excludes location AllTrusted"],
    ["an IPv4 address in an untrusted range", "198.51.100.20", "198.51.100.20 (field)", "ca002 [enabled] applies: mfa"],
    ["an address in no range", "192.0.2.1", "192.0.2.1 (no named location)", "ca002 [enabled] applies: mfa"],
    ["a country of a country location", "KP", "country KP (blocked)", "ca003 [enabled] applies: block"],
    ["a lower-case country code", "ch", "country CH (no named location)", "ca003 [enabled] does not target the location (country CH)"],
    ["a location's display name in another case", "geneva HEADQUARTERS", "named location hq (hq, trusted)", "ca002 [enabled] excludes location AllTrusted"],
    ["the Untrusted class, an unknown country", "untrusted", "an untrusted network of unknown country (blocked)", "ca003 [enabled] applies: block"],
  ])("matches %s", async (_label, location, where, line) => {
    const r = await whatif({ persona: "staff", app: "Office365", location });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`, ${where}, in test:`);
    expect(r.stdout).toContain(line);
  });

  it.each([
    ["a client ID", EXCHANGE.toUpperCase(), "exchange", `client ID ${EXCHANGE.toUpperCase()} is application exchange`],
    ["a display name in another case", "finance erp", "erp", "'finance erp' is application erp"],
    ["a Microsoft application's name the catalog declares", "Exchange Online", "exchange", "Office 365 Exchange Online is application exchange"],
    [
      "a Microsoft application's name the catalog does not declare",
      "SharePoint Online",
      "microsoft:00000003-0000-0ff1-ce00-000000000000",
      "Office 365 SharePoint Online, in Office365",
    ],
    ["a keyword in another case", "office365", "Office365", undefined],
  ])("takes an application by %s", async (_label, app, resolved, note) => {
    const r = await whatif({ persona: "guest", app, location: "hq" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Partner guest → ${resolved} from browser`);
    if (note) expect(r.stdout).toContain(`(${note})`);
  });

  it.each([
    ["a misspelt keyword", { app: "Offce365" }, "--app: unknown value 'Offce365'. Did you mean 'Office365'?"],
    ["an application ID the catalog does not have", { app: "erpp" }, "--app: unknown value 'erpp'. Did you mean 'erp'?"],
    ["a client ID nobody declares", { app: "44444444-4444-4444-4444-444444444444" }, "--app: unknown value '44444444-4444-4444-4444-444444444444'."],
    [
      "a misspelt location",
      { app: "Office365", location: "Geneva Headquarter" },
      "--location: unknown value 'Geneva Headquarter'. Did you mean 'Geneva Headquarters'?",
    ],
    ["a country code no country has", { app: "Office365", location: "ZZ" }, "--location: unknown value 'ZZ'."],
    ["a misspelt persona", { persona: "staf", app: "Office365" }, "--persona: unknown value 'staf'. Did you mean 'staff'?"],
    ["a misspelt environment", { environment: "tset", app: "Office365" }, "--env: unknown value 'tset'. Did you mean 'test'?"],
  ])("refuses %s with exit 2 and the closest value, answering nothing", async (_label, args, message) => {
    const r = await whatif({ persona: "staff", ...args });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });
});

describe("persona device and guest type", () => {
  it("blocks in effect when a device control cannot be met by the persona's device, and says so", async () => {
    const unmanaged = await whatif({ persona: "staff", app: "erp", location: "hq" });
    expect(unmanaged.stdout).toContain(
      "Finance staff → erp from browser on windows, named location hq (hq, trusted), in " +
        "test: BLOCKED in effect: ca004 requires a compliant device: this persona's device is not " +
        "compliant",
    );
    expect(unmanaged.stdout).toContain("ca004 requires a compliant device: this persona's device is not compliant → blocked in effect");
    const managed = await whatif({ persona: "managed-staff", app: "erp", location: "hq" });
    expect(managed.stdout).toContain("in test: allowed with compliantDevice (ca004)");
  });

  it.each([
    ["a guest of the listed kind", "guest", true],
    ["a member with external guest type b2bCollaborationMember", "external-member", true],
    ["a local guest (internalGuest), not listed", "local-guest", false],
    ["an internal member", "staff", false],
  ])("matches guestsOrExternalUsers for %s: %s", async (_label, persona, blocked) => {
    const r = await whatif({ persona, app: "erp", location: "hq" });
    expect(r.stdout.includes("ca001 [enabled] applies: block")).toBe(blocked);
  });
});
