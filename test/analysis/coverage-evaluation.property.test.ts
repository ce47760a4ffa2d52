import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coverageMatrix, type CellOutcome } from "../../src/analysis/conditional-access/coverage";
import { evaluate, type Outcome, type SignIn } from "../../src/analysis/conditional-access/evaluate";
import { resolvePersonas } from "../../src/analysis/conditional-access/personas";
import { environmentView } from "../../src/model/environment";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { OWNERS, writeCatalog } from "../helpers/catalog";

/** Sets of generated policies; each set is one catalog whose whole matrix is checked cell by cell. */
const SETS = 25;
const TIMEOUT = 120_000;

// easSupported: Exchange ActiveSync only on platforms that support policies, which the matrix cannot decide.
const CLIENTS = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"] as const;
const PLATFORMS = ["windows", "macOS", "iOS", "android", "linux"] as const;

/** Policies on ordinary sign-ins, each condition either unset or set to something that splits the matrix. */
const arbitraryPolicyBody = fc
  .record({
    state: fc.constantFrom("enabled", "reportOnly", "disabled"),
    users: fc.constantFrom("{ all: true }", "{ groups: [scope-a] }", "{ groups: [scope-b] }", "{ guestsOrExternalUsers: [b2bCollaborationGuest] }"),
    excluded: fc.constantFrom("", ", exclude: { groups: [scope-b] }", ", exclude: { guestsOrExternalUsers: [b2bCollaborationGuest] }"),
    apps: fc.constantFrom("[All]", "[Office365]", "[AzureManagement]"),
    clients: fc.option(fc.subarray([...CLIENTS], { minLength: 1 }), { nil: undefined }),
    platforms: fc.option(fc.record({ include: fc.subarray([...PLATFORMS], { minLength: 1 }), exclude: fc.subarray([...PLATFORMS]) }), { nil: undefined }),
    locations: fc.option(
      fc.constantFrom("{ include: [All], exclude: [AllTrusted] }", "{ include: [hq] }", "{ include: [All], exclude: [allowed-countries] }"),
      {
        nil: undefined,
      },
    ),
    // A condition the matrix cannot decide (the policy then "may apply"), next to conditions it decides per sign-in.
    deviceFilter: fc.boolean(),
    grant: fc.constantFrom(
      "{ block: true }",
      "{ controls: [mfa] }",
      "{ operator: OR, controls: [compliantDevice, domainJoinedDevice] }",
      "{ controls: [compliantDevice] }",
      "{ authenticationStrength: phishingResistantMfa }",
    ),
  })
  .map(
    (p) =>
      `    state: ${p.state}\n    users: { include: ${p.users}${p.excluded} }\n    applications: { include: ${p.apps} }\n` +
      (p.clients ? `    clientAppTypes: [${p.clients.join(", ")}]\n` : "") +
      (p.platforms ? `    platforms: { include: [${p.platforms.include.join(", ")}], exclude: [${p.platforms.exclude.join(", ")}] }\n` : "") +
      (p.locations ? `    locations: ${p.locations}\n` : "") +
      (p.deviceFilter ? "    deviceFilter: { mode: exclude, rule: 'device.isCompliant -eq True' }\n" : "") +
      `    grant: ${p.grant}\n`,
  );

function catalogFiles(bodies: readonly string[]): Record<string, string> {
  const group = (id: string) => `  - id: ${id}\n    displayName: SEC ${id}\n    description: d\n    owners: ${OWNERS}\n    membership: { type: assigned }\n`;
  const policies = bodies.map((body, i) => {
    const n = String(i + 1).padStart(3, "0");
    return `  - id: ca${n}\n    displayName: CA${n}-Global-BaseProtection-AllApps-AnyPlatform-X\n    description: d\n${body}`;
  });
  return {
    "roles/groups.yaml": "groups:\n" + group("scope-a") + group("scope-b"),
    "policies/ca.yaml":
      "namedLocations:\n" +
      "  - id: hq\n    displayName: Headquarters\n    ip: { ranges: [203.0.113.0/24], trusted: true }\n" +
      "  - id: allowed-countries\n    displayName: Countries we work in\n    countries: { codes: [CH, KE] }\n" +
      `conditionalAccessPolicies:\n${policies.join("")}`,
  };
}

/** The outcome of one sign-in as coverage names it, from the evaluator's outcome. */
function outcomeName(o: Outcome): CellOutcome {
  if (o.blocked || o.blockedInEffect) return "block";
  if (o.mfa) return "mfa";
  if (o.undecided.length) return "undecided";
  return o.requirements.length ? "other-controls" : "none";
}

describe("coverage matrix (property tests)", () => {
  it(
    "gives every cell the outcome and controls the evaluator gives that persona's sign-in on its own",
    async () => {
      const sets = fc.sample(fc.array(arbitraryPolicyBody, { minLength: 1, maxLength: 6 }), { numRuns: SETS, seed: 20_261_203 });
      const seen = new Set<string>();
      for (const [n, bodies] of sets.entries()) {
        const { catalog, issues } = await loadCatalog(await writeCatalog(catalogFiles(bodies)));
        expect(catalog, JSON.stringify(issues)).toBeDefined();
        const view = environmentView(catalog!, "test");
        const coverage = coverageMatrix(view);
        const principals = new Map(resolvePersonas(view).map((p) => [p.id, p.principal]));
        const networks = new Map(coverage.locations.map((l) => [l.id, l.network]));
        for (const cell of coverage.cells) {
          const network = networks.get(cell.location);
          const signIn: SignIn = {
            app: cell.app,
            client: cell.client,
            platform: cell.platform,
            signInRisk: "none",
            userRisk: "none",
            ...(network ? { location: network } : {}),
          };
          const direct = evaluate(view, principals.get(cell.persona)!, signIn);
          const blocks = direct.policies.filter((r) => r.applies && r.state === "enabled" && r.grant?.block).map((r) => `${r.policy}: block`);
          const requirements = direct.enforced.requirements.map((r) => `${r.policy}: ${r.controls.join(` ${r.operator} `)}${r.unmet ? ` (${r.unmet})` : ""}`);
          const where = `set ${n}: ${cell.persona} → ${cell.app} from ${cell.client} on ${cell.platform} (${cell.location})`;
          expect({ enforced: cell.enforced, ifReportOnlyEnabled: cell.ifReportOnlyEnabled, controls: cell.controls, undecided: cell.undecided }, where).toEqual(
            {
              enforced: outcomeName(direct.enforced),
              ifReportOnlyEnabled: outcomeName(direct.ifReportOnlyEnabled),
              controls: [...blocks, ...requirements],
              undecided: direct.enforced.undecided.map((x) => `${x.policy}: ${x.conditions.join(", ")}`),
            },
          );
          seen.add(cell.enforced);
        }
      }
      // The sample reaches every outcome a policy on ordinary sign-ins can give.
      expect([...seen].sort()).toEqual(["block", "mfa", "none", "other-controls", "undecided"]);
    },
    TIMEOUT,
  );
});
