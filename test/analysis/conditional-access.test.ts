import { describe, expect, it } from "vitest";
import { coverageMatrix } from "../../src/analysis/conditional-access/coverage";
import { evaluate, type Principal, type SignIn } from "../../src/analysis/conditional-access/evaluate";
import { runCoverage } from "../../src/cli/commands/coverage";
import { runValidate } from "../../src/cli/commands/validate";
import { environmentView } from "../../src/model/environment";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput, writeCatalog } from "../helpers/catalog";
import { exampleWith } from "../guardrails/example-copy";

const policy = (id: string, body: string, state = "enabled") =>
  `  - id: ${id}\n    displayName: CA${id.replace(/\D/g, "").padStart(3, "0")}-Global-BaseProtection-AllApps-AnyPlatform-X\n    state: ${state}\n${body}`;
const member = (groups: string[] = [], roles: string[] = []): Principal => ({
  id: "u",
  userType: "member",
  guestType: "b2bCollaborationGuest",
  groups: new Set(groups),
  roles: new Set(roles),
  breakGlass: false,
  device: { compliant: false, domainJoined: false },
});
const guest: Principal = { ...member(), userType: "guest" };
const signIn = (extra: Partial<SignIn> = {}): SignIn => ({
  app: "Office365",
  client: "browser",
  platform: "windows",
  signInRisk: "none",
  userRisk: "none",
  ...extra,
});

async function viewOf(policies: string) {
  const root = await writeCatalog({
    "roles/g.yaml":
      "groups:\n  - id: contractors\n    displayName: EXT Contractors\n    description: " +
      "d\n    owners: [a@b.org, c@b.org]\n    membership: { type: assigned }\n",
    "policies/ca.yaml":
      `namedLocations:\n  - id: hq\n    displayName: HQ\n    ip: { ` + `ranges: [203.0.113.0/24], trusted: true }\nconditionalAccessPolicies:\n${policies}`,
  });
  const { catalog, issues } = await loadCatalog(root);
  if (!catalog) throw new Error(JSON.stringify(issues));
  return environmentView(catalog, "test");
}

describe("the conditional access evaluator (Microsoft's documented semantics)", () => {
  it("exclusion wins over inclusion", async () => {
    const view = await viewOf(
      policy(
        "ca1",
        "    users: { include: { all: true }, exclude: { groups: [contractors] } }\n    applications: { include: [All] }\n    grant: { controls: [mfa] }\n",
      ),
    );
    expect(evaluate(view, member(["contractors"]), signIn()).enforced.requirements).toEqual([]);
    expect(evaluate(view, member(), signIn()).enforced.mfa).toBe(true);
  });

  it("includes guests in all users", async () => {
    const view = await viewOf(policy("ca1", "    users: { include: { all: true } }\n    applications: { include: [All] }\n    grant: { controls: [mfa] }\n"));
    expect(evaluate(view, guest, signIn()).enforced.mfa).toBe(true);
  });

  it("lets block win over every grant", async () => {
    const view = await viewOf(
      policy("ca1", "    users: { include: { all: true } }\n    applications: { include: [All] }\n    grant: { controls: [mfa] }\n") +
        policy("ca2", "    users: { include: { all: true } }\n    applications: { include: [Office365] }\n    grant: { block: true }\n"),
    );
    expect(evaluate(view, member(), signIn()).enforced.blocked).toBe(true);
    expect(evaluate(view, member(), signIn({ app: "AzureManagement" })).enforced.blocked).toBe(false);
  });

  it("reads AND and OR: MFA is certain only when every alternative is MFA", async () => {
    const and = await viewOf(
      policy(
        "ca1",
        "    users: { include: { all: true } }\n    applications: { include: [All] }\n    grant: { operator: AND, controls: [mfa, compliantDevice] }\n",
      ),
    );
    const or = await viewOf(
      policy(
        "ca1",
        "    users: { include: { all: true } }\n    applications: { include: [All] }\n    grant: { operator: OR, controls: [mfa, compliantDevice] }\n",
      ),
    );
    expect(evaluate(and, member(), signIn()).enforced).toMatchObject({ mfa: true, requirements: [{ operator: "AND", controls: ["mfa", "compliantDevice"] }] });
    expect(evaluate(or, member(), signIn()).enforced.mfa).toBe(false);
  });

  it("evaluates report-only policies without enforcing them, and ignores disabled ones", async () => {
    const view = await viewOf(
      policy("ca1", "    users: { include: { all: true } }\n    applications: { include: [All] }\n    grant: { block: true }\n", "reportOnly") +
        policy("ca2", "    users: { include: { all: true } }\n    applications: { include: [All] }\n    grant: { block: true }\n", "disabled"),
    );
    const d = evaluate(view, member(), signIn());
    expect(d.enforced.blocked).toBe(false);
    expect(d.ifReportOnlyEnabled.blocked).toBe(true);
    expect(d.policies.find((p) => p.policy === "ca2")).toMatchObject({ applies: false, reason: "disabled" });
  });

  it("treats 'other' and exchangeActiveSync as the legacy client types", async () => {
    const view = await viewOf(
      policy(
        "ca1",
        "    users: { include: { all: true } }\n    applications: { include: [All] }\n    " +
          "clientAppTypes: [exchangeActiveSync, other]\n    grant: { block: true }\n",
      ),
    );
    expect(evaluate(view, member(), signIn({ client: "other" })).enforced.blocked).toBe(true);
    expect(evaluate(view, member(), signIn({ client: "exchangeActiveSync" })).enforced.blocked).toBe(true);
    expect(evaluate(view, member(), signIn({ client: "mobileAppsAndDesktopClients" })).enforced.blocked).toBe(false);
  });

  it("does not apply a policy at a location it excludes (trusted named locations)", async () => {
    const view = await viewOf(
      policy(
        "ca1",
        "    users: { include: { all: true } }\n    applications: { include: [All] }\n    " +
          "locations: { include: [All], exclude: [AllTrusted] }\n    grant: { controls: [mfa] }\n",
      ),
    );
    expect(evaluate(view, member(), signIn({ location: { label: "hq", namedLocations: ["hq"], trusted: true } })).enforced.requirements).toEqual([]);
    expect(evaluate(view, member(), signIn()).enforced.mfa).toBe(true);
  });

  it("applies risk conditions only at the listed levels, and unconfigured conditions to everything", async () => {
    const view = await viewOf(
      policy("ca1", "    users: { include: { all: true } }\n    applications: { include: [All] }\n    signInRiskLevels: [high]\n    grant: { block: true }\n"),
    );
    expect(evaluate(view, member(), signIn({ signInRisk: "high" })).enforced.blocked).toBe(true);
    expect(evaluate(view, member(), signIn({ signInRisk: "medium" })).enforced.blocked).toBe(false);
  });

  it.each([
    ["a device filter", "    deviceFilter: { mode: exclude, rule: 'device.isCompliant -eq True' }\n", ["device filter"]],
    ["insider risk", "    insiderRiskLevels: [elevated]\n", ["insider risk"]],
    ["service principal risk", "    servicePrincipalRiskLevels: [high]\n", ["service principal risk"]],
  ])("says a policy with %s may apply, never that it applies, and leaves it out of the certain outcome", async (_, condition, undecided) => {
    const view = await viewOf(
      policy("ca1", `    users: { include: { all: true } }\n    applications: { include: [All] }\n${condition}    grant: { block: true }\n`),
    );
    const d = evaluate(view, member(), signIn());
    expect(d.policies[0]).toMatchObject({
      applies: false,
      undecided,
      reason: `may apply: ${undecided.join(", ")} cannot be decided for this sign-in; requires block`,
    });
    expect(d.enforced).toMatchObject({ blocked: false, undecided: [{ policy: "ca1", conditions: undecided }] });
  });

  it("says a policy for Exchange ActiveSync on supported platforms may apply to an Exchange ActiveSync sign-in", async () => {
    const view = await viewOf(
      policy(
        "ca1",
        "    users: { include: { all: true } }\n    applications: { include: [All] }\n    clientAppTypes: [easSupported]\n    grant: { block: true }\n",
      ),
    );
    expect(evaluate(view, member(), signIn({ client: "exchangeActiveSync" })).policies[0]).toMatchObject({
      applies: false,
      undecided: ["Exchange ActiveSync on a supported platform"],
    });
    expect(evaluate(view, member(), signIn({ client: "browser" })).policies[0]).toMatchObject({ applies: false, reason: "does not target browser clients" });
  });

  it("applies a policy with session controls only without requiring a control", async () => {
    const view = await viewOf(
      policy("ca1", "    users: { include: { all: true } }\n    applications: { include: [All] }\n    session: { persistentBrowser: never }\n"),
    );
    const d = evaluate(view, member(), signIn());
    expect(d.policies[0]).toMatchObject({ applies: true, reason: "applies: session controls only" });
    expect(d.enforced).toMatchObject({ blocked: false, requirements: [], session: ["ca1"] });
  });

  it("shows undecided coverage cells and a gap that names the conditions, instead of a certain outcome", async () => {
    const view = await viewOf(
      policy(
        "ca1",
        "    users: { include: { all: true } }\n    applications: { include: [All] }\n    " +
          "deviceFilter: { mode: exclude, rule: 'device.isCompliant -eq True' }\n    grant: { " +
          "controls: [mfa] }\n",
      ),
    );
    const coverage = coverageMatrix(view);
    const cells = coverage.cells.filter((c) => !c.persona.startsWith("break-glass"));
    expect(new Set(cells.map((c) => c.enforced))).toEqual(new Set(["undecided"]));
    expect(cells[0]!.undecided).toEqual(["ca1: device filter"]);
    const gaps = coverage.gaps.filter((g) => g.kind === "undecided");
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps[0]!.message).toMatch(/depend on conditions idac cannot evaluate \(ca1: device filter\)/);
    expect(coverage.gaps.filter((g) => g.kind === "no-mfa-or-block" || g.kind === "legacy-not-blocked")).toEqual([]);
  });

  it("applies user-action policies to the action only", async () => {
    const view = await viewOf(
      policy("ca1", "    users: { include: { all: true } }\n    applications: { userActions: [registerSecurityInfo] }\n    grant: { controls: [mfa] }\n"),
    );
    expect(evaluate(view, member(), signIn({ app: "action:registerSecurityInfo" })).enforced.mfa).toBe(true);
    expect(evaluate(view, member(), signIn()).enforced.requirements).toEqual([]);
  });

  it("includes users by active directory role", async () => {
    const view = await viewOf(
      policy(
        "ca1",
        "    users: { include: { roles: [Global Administrator] } }\n    applications: { " +
          "include: [All] }\n    grant: { authenticationStrength: phishingResistantMfa }\n",
      ),
    );
    expect(evaluate(view, member([], ["62e90394-69f5-4237-9190-012177145e10"]), signIn()).enforced.mfa).toBe(true);
    expect(evaluate(view, member(), signIn()).enforced.requirements).toEqual([]);
  });
});

describe("coverage of the bundled example", () => {
  it(
    "blocks or requires MFA in every persona × app × client × platform × location cell, " +
      "never touches break-glass, and applies every policy to a declared persona",
    async () => {
      const { catalog } = await loadCatalog(await exampleWith([]));
      for (const env of ["dev", "prod"]) {
        const c = coverageMatrix(environmentView(catalog!, env));
        expect(c.gaps).toEqual([]);
        expect(c.personas.length).toBe(8);
        expect(c.cells.filter((cell) => (cell.persona === "break-glass" ? cell.enforced !== "none" : !["block", "mfa"].includes(cell.enforced)))).toEqual([]);
        expect(c.unapplied).toEqual([]);
        expect(c.personas.some((p) => p.derived && !p.breakGlass)).toBe(false);
      }
    },
  );

  it("shows the affected cells and a gap finding when the legacy-authentication block is removed", async () => {
    const root = await exampleWith([
      {
        file: "policies/conditional-access/global.yaml",
        after: "  - id: ca001-block-legacy-authentication\n",
        find: "    state: enabled\n",
        replace: "    state: disabled\n",
      },
    ]);
    const { catalog } = await loadCatalog(root);
    const c = coverageMatrix(environmentView(catalog!, "prod"));
    const legacy = c.gaps.filter((g) => g.kind === "legacy-not-blocked");
    expect(legacy.map((g) => [g.policy, g.cause])).toEqual([["ca001-block-legacy-authentication", "is disabled"]]);
    expect([...legacy[0]!.personas].sort()).toEqual([
      "field-staff-kenya",
      "finance-staff",
      "global-admin",
      "helpdesk-admin",
      "hr-officer",
      "partner-guest",
      "programme-consultant",
    ]);
    const md = captureOutput();
    await runCoverage({ catalog: root, format: "md", environments: ["prod"] }, md.out);
    expect(md.stdout()).toMatch(
      new RegExp(
        [
          "legacy-not-blocked: ca001-block-legacy-authentication blocks legacy clients ",
          "but is disabled: legacy clients are not blocked for Field staff member, ",
          "Nairobi, Finance staff member",
        ].join(""),
      ),
    );
    const v = captureOutput();
    expect(await runValidate({ catalog: root, format: "human", today: "2026-11-22" }, v.out)).toBe(1);
    expect(v.stderr().match(/: error IDAC-CA-032/g)).toHaveLength(1);
    expect(v.stderr()).toMatch(/policies\/conditional-access\/global\.yaml:\d+:\d+: error IDAC-CA-032/);
  });

  it("lists the cells a change alters against a git base, and writes RFC 4180 CSV", async () => {
    const { execFileSync } = await import("node:child_process");
    const { readFile, writeFile } = await import("node:fs/promises");
    const root = await exampleWith([]);
    const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "base");
    const file = `${root}/policies/conditional-access/global.yaml`;
    await writeFile(file, (await readFile(file, "utf8")).replace("    clientAppTypes: [exchangeActiveSync, other]\n", "    clientAppTypes: [other]\n"));
    const json = captureOutput();
    await runCoverage({ catalog: root, format: "json", base: "HEAD", environments: ["prod"] }, json.out);
    const { changed } = JSON.parse(json.stdout()) as { changed: { client: string; before: string; after: string }[] };
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((d) => d.client === "exchangeActiveSync" && d.before === "block" && d.after === "mfa")).toBe(true);
    const csv = captureOutput();
    await runCoverage({ catalog: root, format: "csv", environments: ["prod"] }, csv.out);
    expect(csv.stdout().split("\r\n")[0]).toBe("environment,persona,application,client,platform,location,enforced,if_report_only_enabled,controls");
  });
});
