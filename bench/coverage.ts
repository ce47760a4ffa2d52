/**
 * Benchmark: the full conditional access coverage matrix (personas × applications × client app types × platforms ×
 * location classes: two named locations, Trusted, Untrusted, Elsewhere) of a generated catalog with 300 policies and
 * 50 personas, gaps traced to their root causes included. Target: under 2 s. Exits 1 when missed.
 */
import { performance } from "node:perf_hooks";
import { BENCH_ENVIRONMENT, resolveGenerated } from "./private/generated-catalog";
import { coverageMatrix } from "../src/analysis/conditional-access/coverage";
import { environmentView } from "../src/model/environment";

const groups = 40;
const catalog = resolveGenerated({
  environments: [BENCH_ENVIRONMENT],
  applications: Array.from({ length: 5 }, (_, i) => ({
    id: `app${i}`,
    displayName: `App ${i}`,
    clientId: `22222222-2222-2222-2222-${String(i).padStart(12, "0")}`,
  })),
  namedLocations: [
    { id: "hq", displayName: "HQ", ip: { ranges: ["203.0.113.0/24"], trusted: true } },
    { id: "allowed", displayName: "Allowed countries", countries: { codes: ["CH", "KE"] } },
  ],
  groups: Array.from({ length: groups }, (_, i) => ({
    id: `g${i}`,
    displayName: `GRP ${i}`,
    description: "Generated",
    owners: ["a@example.org", "b@example.org"],
    membership: i % 2 ? { type: "assigned" } : { type: "dynamic", when: { department: `Dept ${i % 10}` } },
  })),
  conditionalAccessPolicies: Array.from({ length: 300 }, (_, i) => ({
    id: `ca${i}`,
    displayName: `CA${String(i).padStart(3, "0")}-Global-BaseProtection-AllApps-AnyPlatform-X`,
    state: ["enabled", "reportOnly", "disabled"][i % 3],
    users:
      i % 4 === 0
        ? { include: { all: true }, exclude: { groups: [`g${i % groups}`] } }
        : { include: { groups: [`g${i % groups}`, `g${(i * 7) % groups}`], roles: i % 5 === 0 ? ["Global Administrator"] : [] } },
    applications: { include: i % 6 === 0 ? ["All"] : [`app${i % 5}`, "Office365"] },
    ...(i % 3 === 0 ? { clientAppTypes: ["exchangeActiveSync", "other"] } : {}),
    ...(i % 7 === 0 ? { platforms: { include: ["all"], exclude: ["windows", "macOS"] } } : {}),
    ...(i % 11 === 0 ? { locations: { include: ["All"], exclude: i % 2 ? ["AllTrusted"] : ["allowed", "AllTrusted"] } } : {}),
    ...(i % 13 === 0 ? { signInRiskLevels: ["high"] } : {}),
    grant: i % 5 === 0 ? { block: true } : { operator: i % 2 ? "OR" : "AND", controls: ["mfa", "compliantDevice"] },
  })),
  personas: Array.from({ length: 50 }, (_, i) => ({
    id: `p${i}`,
    displayName: `Persona ${i}`,
    hr: { department: `Dept ${i % 10}`, employeeType: "Staff" },
    groups: [`g${((i * 3) % groups) | 1}`],
    ...(i % 9 === 0 ? { directoryRoles: ["Global Administrator"] } : {}),
    ...(i % 10 === 0 ? { userType: "guest" } : {}),
  })),
});
const view = environmentView(catalog, "bench");
coverageMatrix(view); // warm-up
const runs: number[] = [];
let cells = 0;
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  cells = coverageMatrix(view).cells.length;
  runs.push(performance.now() - start);
}
runs.sort((a, b) => a - b);
console.log(`CA coverage, 300 policies × ${catalog.personas.length} personas (+ break-glass): ${cells} cells in ${runs[1]!.toFixed(0)} ms (target < 2000 ms)`);
if (runs[1]! >= 2000) {
  console.error("benchmark target missed");
  process.exit(1);
}
