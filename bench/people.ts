/**
 * Benchmark: people × business roles. 100,000 people in an HR snapshot (CSV) and a catalog of 10,000 business roles
 * (half birthright on department and job title, half requestable), 200 dynamic groups and SoD rules.
 * Targets: `access` under 1 s, `jml move` under 2 s, `impact` of a one-role change under 5 s, the full person-level
 * extract under 60 s, peak RSS under 2 GB. Times include reading the snapshot, as the commands do.
 * Run with `npm run bench`; prints each time with its ratio to the target and exits 1 when a target is missed.
 */
import { performance } from "node:perf_hooks";
import { BENCH_ENVIRONMENT, resolveGenerated } from "./private/generated-catalog";
import { environmentView } from "../src/model/environment";
import type { Catalog } from "../src/model/model";
import { impactOf, move, personAccess, readPeopleCsv } from "../src/people";
import { peopleAccessTable } from "../src/reports/audit/people";

const PEOPLE = 100_000;
const ROLES = 10_000;
const DEPARTMENTS = 500;

function generate(roles: number, changedRole?: number): Catalog {
  const groups = 2_000;
  const owners = ["owner.one@example.org", "owner.two@example.org"];
  return resolveGenerated({
    environments: [BENCH_ENVIRONMENT],
    applications: [
      {
        id: "erp",
        displayName: "ERP",
        clientId: "22222222-2222-2222-2222-222222222222",
        appRoles: Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, appRoleId: `33333333-3333-3333-3333-${String(i).padStart(12, "0")}` })),
      },
    ],
    groups: Array.from({ length: groups }, (_, i) =>
      i < 200
        ? {
            id: `g${i}`,
            displayName: `GRP ${i}`,
            description: "Generated",
            owners,
            membership: { type: "dynamic", when: { department: `Dept ${i % DEPARTMENTS}` } },
          }
        : { id: `g${i}`, displayName: `GRP ${i}`, description: "Generated", owners, membership: { type: "assigned" } },
    ),
    accessPackageCatalogs: [{ id: "cat", displayName: "Catalog", description: "Generated" }],
    businessRoles: Array.from({ length: roles }, (_, i) => ({
      id: `role${i}`,
      displayName: `Role ${i}`,
      description: "Generated",
      owners,
      entitlements: { groups: [`g${200 + (i % (groups - 200))}`], appRoles: [`erp/r${i % 100}`], roles: [] },
      assignment:
        i % 2 === 0
          ? {
              type: "birthright",
              when: { department: `Dept ${i === changedRole ? (i + 1) % DEPARTMENTS : i % DEPARTMENTS}`, jobTitle: { startsWith: `Title ${i % 7}` } },
            }
          : {
              type: "request",
              catalog: "cat",
              requestors: { scope: "groups", groups: [`g${i % 200}`] },
              approval: { stages: [{ approvers: [`approver${i % 13}@example.org`] }] },
              expiry: { afterDays: 90 },
            },
    })),
    conditionalAccessPolicies: [
      {
        id: "ca-mfa",
        displayName: "MFA for all",
        state: "enabled",
        users: { include: { all: true } },
        applications: { include: ["All"] },
        grant: { controls: ["mfa"] },
      },
    ],
    sodRules: Array.from({ length: 200 }, (_, i) => ({
      id: `sod${i}`,
      title: `Generated rule ${i}`,
      rationale: "Generated for the benchmark",
      severity: "high",
      conflictingSets: [
        { name: "a", entitlements: [`role:role${i * 2}`] },
        { name: "b", entitlements: [`role:role${i * 2 + 1}`] },
      ],
    })),
  });
}

function snapshotCsv(): string {
  const lines = ["upn,department,jobTitle,employeeType,assignedRoles"];
  for (let i = 0; i < PEOPLE; i++)
    lines.push(`person${i}@example.org,Dept ${i % DEPARTMENTS},Title ${i % 7} ${i % 3},Staff,${i % 10 === 0 ? `role${(i % ROLES) | 1} until 2027-01-01` : ""}`);
  return lines.join("\n") + "\n";
}

let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const results: { name: string; ms: number; target: number }[] = [];
function measure<T>(name: string, target: number, f: () => T): T {
  const start = performance.now();
  const value = f();
  results.push({ name, ms: performance.now() - start, target });
  return value;
}

const head = generate(ROLES);
const base = generate(ROLES, 0);
const csv = snapshotCsv();
const view = environmentView(head, "bench");
const read = () => readPeopleCsv("bench.csv", csv).snapshot!;
const warm = read();
personAccess(head, warm.people[0]!);
measure("access (read snapshot + one person)", 1_000, () => personAccess(head, read().byUpn.get("person4242@example.org")!));
measure("jml move (read snapshot + one person)", 2_000, () => move(view, read().byUpn.get("person4242@example.org")!, { department: "Dept 7" }, "2026-12-01"));
const impact = measure("impact of a one-role change", 5_000, () => impactOf(base, head, read(), "bench"));
const extract = measure("full person-level extract", 60_000, () => peopleAccessTable(head, read()));
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);

console.log(`People benchmark: ${PEOPLE.toLocaleString("en")} people × ${ROLES.toLocaleString("en")} business roles`);
for (const r of results) console.log(`  ${r.name}: ${r.ms.toFixed(0)} ms (target < ${r.target} ms, ratio ${(r.ms / r.target).toFixed(2)})`);
console.log(`  impact: ${impact.peopleAffected} people affected; extract: ${extract.rows.length.toLocaleString("en")} rows`);
const gb = peak / 2 ** 30;
console.log(`  peak RSS: ${gb.toFixed(2)} GB (target < 2 GB, ratio ${(gb / 2).toFixed(2)})`);
if (results.some((r) => r.ms >= r.target) || gb >= 2) {
  console.error("benchmark target missed");
  process.exit(1);
}
