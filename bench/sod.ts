/**
 * Benchmark: segregation-of-duties analysis on generated catalogs of 10,000 and 20,000 business roles.
 * Targets: 10,000 roles under 2 s; 20,000 roles at most ~2.2 × the time of 10,000 (linear growth).
 * Run with `npm run bench`; exits 1 when a target is missed.
 */
import { performance } from "node:perf_hooks";
import { BENCH_ENVIRONMENT, resolveGenerated } from "./private/generated-catalog";
import { analyseSod } from "../src/analysis/sod";
import type { Catalog } from "../src/model/model";

function generate(roles: number): Catalog {
  const groups = Math.max(200, Math.floor(roles / 5));
  const departments = 50;
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
    groups: Array.from({ length: groups }, (_, i) => ({
      id: `g${i}`,
      displayName: `GRP ${i}`,
      description: "Generated",
      owners,
      membership: { type: "assigned" },
    })),
    accessPackageCatalogs: [{ id: "cat", displayName: "Catalog", description: "Generated" }],
    businessRoles: Array.from({ length: roles }, (_, i) => ({
      id: `role${i}`,
      displayName: `Role ${i}`,
      description: "Generated",
      owners,
      entitlements: { groups: [`g${i % groups}`, `g${(i * 7) % groups}`], appRoles: [`erp/r${i % 100}`], roles: i % 10 === 0 && i > 0 ? [`role${i - 1}`] : [] },
      assignment:
        i % 2 === 0
          ? { type: "birthright", when: { department: `Dept ${i % departments}`, jobTitle: { startsWith: `Title ${i % 7}` } } }
          : { type: "request", catalog: "cat", approval: { stages: [{ approvers: [`approver${i % 13}@example.org`] }] }, expiry: { afterDays: 90 } },
    })),
    sodRules: Array.from({ length: 200 }, (_, i) => ({
      id: `sod${i}`,
      title: `Generated rule ${i}`,
      rationale: "Generated for the benchmark",
      severity: "high",
      conflictingSets: [
        { name: "a", entitlements: [`group:g${(i * 3) % groups}`, `role:role${(i * 11) % roles}`] },
        { name: "b", entitlements: [`group:g${(i * 3 + 1) % groups}`, `role:role${(i * 13 + 5) % roles}`] },
      ],
    })),
  });
}

function time(catalog: Catalog): { ms: number; conflicts: number } {
  analyseSod(catalog); // warm-up
  const runs: number[] = [];
  let conflicts = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    conflicts = analyseSod(catalog).conflicts.length;
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[2]!, conflicts };
}

const small = time(generate(10_000));
const large = time(generate(20_000));
const ratio = large.ms / small.ms;
console.log(`SoD analysis, 10,000 roles: ${small.ms.toFixed(0)} ms (${small.conflicts} conflicts)`);
console.log(`SoD analysis, 20,000 roles: ${large.ms.toFixed(0)} ms (${large.conflicts} conflicts)`);
console.log(`ratio 20k/10k: ${ratio.toFixed(2)} (target ≤ 2.2); 10k target < 2000 ms`);
if (small.ms >= 2000 || ratio > 2.2) {
  console.error("benchmark target missed");
  process.exit(1);
}
