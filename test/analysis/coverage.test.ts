import { describe, expect, it } from "vitest";
import { coverageMatrix } from "../../src/analysis/conditional-access/coverage";
import { runValidate } from "../../src/cli/commands/validate";
import { environmentView } from "../../src/model/environment";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput, OWNERS, writeCatalog } from "../helpers/catalog";

const group = (id: string, name: string, membership = "{ type: assigned }") =>
  `  - id: ${id}\n    displayName: ${name}\n    description: d\n    owners: ${OWNERS}\n    membership: ${membership}\n`;
const policy = (id: string, body: string, state = "enabled") =>
  `  - id: ${id}\n    displayName: CA${id.replace(/\D/g, "").padStart(3, "0")}` +
  `-Global-BaseProtection-AllApps-AnyPlatform-X\n    description: d\n    state: ${state}\n` +
  `${body}`;

async function coverageOf(files: Record<string, string>) {
  const root = await writeCatalog(files);
  const { catalog, issues } = await loadCatalog(root);
  if (!catalog) throw new Error(JSON.stringify(issues));
  return { root, c: coverageMatrix(environmentView(catalog, "test")) };
}

/** A country allow-list (block outside CH and KE and the trusted headquarters) and service accounts admitted only from trusted networks. */
const ALLOW_LIST = {
  "roles/groups.yaml": "groups:\n" + group("svc-accounts", "SVC Service accounts"),
  "policies/ca.yaml":
    `namedLocations:
  - id: hq
    displayName: Headquarters
    ip: { ranges: [203.0.113.0/24], trusted: true }
  - id: allowed-countries
    displayName: Countries we work in
    countries: { codes: [CH, KE] }
conditionalAccessPolicies:\n` +
    policy(
      "ca001",
      "    users: { include: { all: true } }\n    applications: { include: " +
        "[All] }\n    clientAppTypes: [exchangeActiveSync," +
        " other]\n    grant: { block: true }\n",
    ) +
    policy(
      "ca002",
      "    users: { include: { all: true }, exclude: { groups: " +
        "[svc-accounts] } }\n    applications: { include: " +
        "[All] }\n    grant: { controls: [mfa] }\n",
    ) +
    policy(
      "ca003",
      "    users: { include: { all: true } }\n    applications: { " +
        "include: [All] }\n    locations: { include: " +
        "[All], exclude: [allowed-countries, " +
        "AllTrusted] }\n    grant: { block: true }\n",
    ) +
    policy(
      "ca004",
      "    users: { include: { groups: [svc-accounts] } }\n    " +
        "applications: { include: [All] }\n    locations: " +
        "{ include: [All], exclude: [AllTrusted] " +
        "}\n    grant: { block: true }\n",
    ) +
    `personas:
  - id: staff
    displayName: Staff member
  - id: scanner
    displayName: Service account
    groups: [svc-accounts]
`,
};

describe("coverage from every location class", () => {
  it("shows no lockout for a country allow-list and a trusted-location service-account policy, and the outcome per class", async () => {
    const { root, c } = await coverageOf(ALLOW_LIST);
    expect(c.locations.map((l) => l.id)).toEqual(["allowed-countries", "hq", "Trusted", "Untrusted", "Elsewhere"]);
    expect(c.gaps.filter((g) => g.kind === "locked-out")).toEqual([]);
    const outcome = (persona: string, location: string) => [
      ...new Set(c.cells.filter((x) => x.persona === persona && x.location === location && x.client === "browser").map((x) => x.enforced)),
    ];
    expect(outcome("staff", "allowed-countries")).toEqual(["mfa"]);
    expect(outcome("staff", "hq")).toEqual(["mfa"]);
    expect(outcome("staff", "Elsewhere")).toEqual(["block"]);
    expect(outcome("scanner", "hq")).toEqual(["none"]);
    expect(outcome("scanner", "Trusted")).toEqual(["none"]);
    expect(outcome("scanner", "allowed-countries")).toEqual(["block"]);
    expect(outcome("scanner", "Elsewhere")).toEqual(["block"]);
    const out = captureOutput();
    await runValidate({ catalog: root, format: "human", today: "2026-11-22" }, out.out);
    expect(out.stderr()).not.toMatch(/IDAC-CA-034/);
    // What is open is open for a reason: the service account signs in without MFA from trusted networks, because ca002 excludes it.
    expect(c.gaps.filter((g) => g.kind === "no-mfa-or-block").map((g) => [g.policy, g.cause, g.personas])).toEqual([
      ["ca002", "excludes group svc-accounts", ["scanner"]],
    ]);
  });

  it("reports a lockout only when no location class allows access, naming the classes", async () => {
    const { c } = await coverageOf({
      ...ALLOW_LIST,
      "policies/ca.yaml": ALLOW_LIST["policies/ca.yaml"]
        .replace("exclude: [allowed-countries, AllTrusted] }", "exclude: [allowed-countries] }")
        .replace(
          "    users: { include: { groups: [svc-accounts] } }\n    applications: { include: [All] }\n    locations: { include: [All], exclude: [AllTrusted] }",
          "    users: { include: { groups: [svc-accounts] } }\n    applications: { include: [All] }\n    locations: { include: [allowed-countries] }",
        ),
    });
    const locked = c.gaps.filter((g) => g.kind === "locked-out");
    expect(locked.map((g) => [g.personas, g.policy])).toEqual([[["scanner"], "ca003"]]);
    expect(locked[0]!.message).toBe(
      "Service account is blocked from every application, client and platform from every " +
        "location class (allowed-countries, hq, Trusted, Untrusted, Elsewhere), blocked by ca003, " +
        "ca004.",
    );
  });
});

/** Policies as an import of a real tenant writes them: groups named by persona, and nobody declared. */
const IMPORTED = {
  "roles/groups.yaml":
    "groups:\n" +
    group("ca-internals", "CA-Internals") +
    group("ca-admins", "CA-Admins") +
    group("ca-service-accounts", "CA-Service accounts") +
    group("contractors", "HR Contractors", "{ type: dynamic, when: { employeeType: Contractor, department: [Logistics, Finance] } }"),
  "policies/ca.yaml":
    `namedLocations:
  - id: office
    displayName: Office
    ip: { ranges: [198.51.100.0/24], trusted: true }
conditionalAccessPolicies:\n` +
    policy(
      "ca200",
      "    users: { include: { groups: [ca-internals] }, exclude: { groups: " +
        "[ca-service-accounts] } }\n    applications: { " +
        "include: [All] }\n    grant: { controls: " +
        "[mfa] }\n",
    ) +
    policy(
      "ca100",
      "    users: { include: { groups: [ca-admins] } }\n    " +
        "applications: { include: [All] }\n    grant: { " +
        "authenticationStrength: " +
        "phishingResistantMfa }\n",
    ) +
    policy(
      "ca101",
      "    users: { include: { roles: [Global Administrator] } }\n    " +
        "applications: { include: [MicrosoftAdminPortals] " +
        "}\n    grant: { operator: OR, controls: " +
        "[compliantDevice, domainJoinedDevice] }\n",
      "reportOnly",
    ) +
    policy(
      "ca500",
      "    users: { include: { groups: [ca-service-accounts] } }\n    " +
        "applications: { include: [All] }\n    locations: " +
        "{ include: [All], exclude: [AllTrusted] " +
        "}\n    grant: { block: true }\n",
    ) +
    policy(
      "ca400",
      "    users: { include: { guestsOrExternalUsers: " +
        "[b2bCollaborationGuest, b2bCollaborationMember] " +
        "} }\n    applications: { include: " +
        "[Office365] }\n    grant: { controls: [mfa] }\n",
    ) +
    policy(
      "ca300",
      "    users: { include: { groups: [contractors] } }\n    " +
        "applications: { include: [All] }\n    platforms: " +
        "{ include: [android, iOS] }\n    grant: " +
        "{ block: true }\n",
    ) +
    policy("ca010", "    users: { include: { all: true } }\n    applications: { include: [All] }\n    signInRiskLevels: [high]\n    grant: { block: true }\n"),
};

describe("personas derived from what the policies target", () => {
  it("covers every enabled and report-only policy of an imported-style catalog with a persona named after its target", async () => {
    const { c } = await coverageOf(IMPORTED);
    expect(c.unapplied).toEqual([]);
    const names = c.personas.map((p) => p.displayName);
    expect(names).toEqual(
      expect.arrayContaining([
        "Member of CA-Internals",
        "Member of CA-Admins",
        "Member of CA-Service accounts",
        "Member of HR Contractors",
        "Global Administrator (activated)",
        "Guest (b2bCollaborationGuest)",
        "External member (b2bCollaborationMember)",
        "Contractor (employeeType)",
        "Break-glass account",
      ]),
    );
    expect(names).not.toContain("Consultant");
    expect(c.personas.every((p) => p.derived)).toBe(true);
    expect(c.personas.find((p) => p.id === "member-of-ca-internals")!.why).toBe("ca200 includes group ca-internals");
    for (const id of ["ca200", "ca100", "ca101", "ca500", "ca400", "ca300"])
      expect(
        c.cells.some((x) => x.controls.some((k) => k.startsWith(`${id}:`)) || x.ifReportOnlyEnabled !== x.enforced),
        id,
      ).toBe(true);
    // The contractor is a member of the dynamic group through the HR values of its own condition.
    const contractorCells = c.cells.filter((x) => x.persona === "member-of-contractors" && x.platform === "android");
    expect(contractorCells.every((x) => x.enforced === "block")).toBe(true);
  });

  it("says which policy applies to no persona and why, when declared personas miss it and nothing can be derived", async () => {
    const { c } = await coverageOf({
      ...IMPORTED,
      "policies/personas.yaml": "personas:\n  - id: staff\n    displayName: Staff\n    groups: [ca-internals]\n",
      "policies/more.yaml":
        `conditionalAccessPolicies:\n` +
        policy(
          "ca900",
          "    users: { include: { groups: [ca-internals] } }\n    " +
            "applications: { include: [All] }\n    platforms: " +
            "{ include: [windowsPhone] }\n    grant: " +
            "{ block: true }\n",
        ),
    });
    expect(c.unapplied).toEqual([
      { policy: "ca900", reason: "its conditions (client app types, platforms, locations) match no sign-in of the matrix for the personas it includes" },
    ]);
    // Declared personas stay; policies none of them is in get a derived persona.
    expect(c.personas.filter((p) => !p.derived).map((p) => p.id)).toEqual(["staff"]);
    expect(c.personas.filter((p) => p.derived).map((p) => p.id)).toEqual(
      expect.arrayContaining([
        "member-of-ca-admins",
        "role-global-administrator",
        "member-of-ca-service-accounts",
        "guest-b2bcollaborationguest",
        "member-of-contractors",
      ]),
    );
    expect(c.personas.map((p) => p.id)).not.toContain("member-of-ca-internals");
  });
});
