/**
 * Benchmark: adopting a large tenant. A generated Graph export — 20,000 users, 20,000 groups (three in four assigned
 * with five members each, one in four dynamic from HR attributes), 25 administrative units, 300 conditional access
 * policies and 50 named locations, in pages of 999 as `idac export` writes them — is read, imported and checked
 * through the catalog against itself (`planImport`: schema, resolution, expected tenant, comparison), then compared
 * again as `idac drift` does. Targets: the import under 60 s and drift under 30 s, with the heap under 2 GiB.
 * Exits 1 when one is missed.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { planImport } from "../src/brownfield/adopt";
import { compareTenants } from "../src/brownfield/drift";
import { readGraphExport } from "../src/brownfield/graph";
import { expectedTenant } from "../src/brownfield/tenant";
import { loadCatalog } from "../src/resolve/load-catalog";

const USERS = 20_000;
const GROUPS = 20_000;
const POLICIES = 300;
const guid = (kind: number, i: number) => `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const upn = (i: number) => `user${i}@bench.example.org`;
const breakGlass = [guid(0xb, 1), guid(0xb, 2)];

const users = Array.from({ length: USERS }, (_, i) => ({ id: guid(1, i), userPrincipalName: upn(i), displayName: `User ${i}`, accountEnabled: true }));
const units = Array.from({ length: 25 }, (_, i) => ({ id: guid(2, i), displayName: `Region ${i}`, description: `Region ${i}`, visibility: null }));
const groups = Array.from({ length: GROUPS }, (_, i) => {
  const dynamic = i % 4 === 0;
  return {
    "@odata.type": "#microsoft.graph.group",
    id: guid(3, i),
    displayName: `GRP ${i} ${["Finance", "HR", "Field", "ICT"][i % 4]}`,
    description: `Generated group ${i}`,
    securityEnabled: true,
    mailEnabled: false,
    mailNickname: `grp-${i}`,
    isAssignableToRole: null,
    groupTypes: dynamic ? ["DynamicMembership"] : [],
    membershipRule: dynamic ? `(user.accountEnabled -eq true) -and (user.department -eq "Dept ${i % 50}") -and (user.country -in ["JO","KE"])` : null,
    membershipRuleProcessingState: dynamic ? "On" : null,
    visibility: "Private",
    onPremisesSyncEnabled: null,
    owners: [0, 1].map((k) => ({ "@odata.type": "#microsoft.graph.user", id: guid(1, (i + k * 7) % USERS), userPrincipalName: upn((i + k * 7) % USERS) })),
  };
});
const locations = Array.from({ length: 50 }, (_, i) => ({
  "@odata.type": "#microsoft.graph.ipNamedLocation",
  id: guid(4, i),
  displayName: `Office ${i}`,
  isTrusted: i % 2 === 0,
  ipRanges: [{ "@odata.type": "#microsoft.graph.iPv4CidrRange", cidrAddress: `10.${i}.0.0/16` }],
}));
const policies = Array.from({ length: POLICIES }, (_, i) => ({
  id: guid(5, i),
  displayName: `CA${String(i).padStart(3, "0")}-Global-BaseProtection-AllApps-AnyPlatform-MFA`,
  state: ["enabled", "enabledForReportingButNotEnforced", "disabled"][i % 3],
  conditions: {
    clientAppTypes: ["all"],
    signInRiskLevels: [],
    userRiskLevels: [],
    platforms: null,
    locations: i % 3 === 0 ? { includeLocations: ["All"], excludeLocations: [guid(4, i % 50)] } : null,
    applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] },
    users: {
      includeUsers: i % 2 ? ["All"] : [],
      excludeUsers: breakGlass,
      includeGroups: i % 2 ? [] : [guid(3, i), guid(3, i + 1)],
      excludeGroups: [guid(3, i + 2)],
      includeRoles: [],
      excludeRoles: [],
      includeGuestsOrExternalUsers: null,
      excludeGuestsOrExternalUsers: null,
    },
  },
  grantControls: {
    operator: "OR",
    builtInControls: i % 5 ? ["mfa"] : ["block"],
    customAuthenticationFactors: [],
    termsOfUse: [],
    authenticationStrength: null,
  },
  sessionControls: null,
}));

const dir = await mkdtemp(path.join(tmpdir(), "idac-bench-import-"));
const write = async (folder: string, items: unknown[]) => {
  await mkdir(path.join(dir, folder), { recursive: true });
  for (let n = 0; n * 999 < Math.max(1, items.length); n++)
    await writeFile(path.join(dir, folder, `page-${n + 1}.json`), JSON.stringify({ value: items.slice(n * 999, (n + 1) * 999) }));
};
await write("users", users);
await write("administrativeUnits", units);
await write("groups", groups);
await write("namedLocations", locations);
await write("conditionalAccessPolicies", policies);
await mkdir(path.join(dir, "groupMembers"), { recursive: true });
await mkdir(path.join(dir, "administrativeUnitMembers"), { recursive: true });
for (let i = 0; i < GROUPS; i++) {
  if (i % 4 === 0) continue;
  const members = Array.from({ length: 5 }, (_, k) => ({
    "@odata.type": "#microsoft.graph.user",
    id: guid(1, (i * 5 + k) % USERS),
    userPrincipalName: upn((i * 5 + k) % USERS),
  }));
  await writeFile(path.join(dir, "groupMembers", `${guid(3, i)}-1.json`), JSON.stringify({ value: members }));
}
for (let u = 0; u < units.length; u++) {
  const members = Array.from({ length: 40 }, (_, k) => ({ "@odata.type": "#microsoft.graph.group", id: guid(3, u * 80 + k * 2 + 1) }));
  await writeFile(path.join(dir, "administrativeUnitMembers", `${guid(2, u)}-1.json`), JSON.stringify({ value: members }));
}
const catalogRoot = path.join(dir, "catalog");
await mkdir(path.join(catalogRoot, "environments"), { recursive: true });
await writeFile(
  path.join(catalogRoot, "environments/bench.yaml"),
  `environments:\n  - id: bench\n    tenantId: 11111111-1111-4111-8111-111111111111\n    ` +
    `breakGlass: { accounts: [${breakGlass.join(", ")}] }\n    backend: { type: local }\n`,
);

const start = performance.now();
const data = await readGraphExport(dir);
const read = performance.now() - start;
const plan = await planImport(data, { catalogRoot, manageMembers: true });
const imported = performance.now() - start;
if ("error" in plan) throw new Error(plan.error);
if (plan.issues.some((i) => i.severity === "error"))
  throw new Error(`generated import does not validate: ${plan.issues.find((i) => i.severity === "error")!.message}`);
for (const [file, text] of plan.files) {
  await mkdir(path.dirname(path.join(catalogRoot, file)), { recursive: true });
  await writeFile(path.join(catalogRoot, file), text);
}
const driftStart = performance.now();
const { catalog } = await loadCatalog(catalogRoot);
const items = compareTenants(expectedTenant(catalog!, "bench"), data, { breakGlass });
const drift = performance.now() - driftStart;
const heap = process.memoryUsage().heapUsed / 2 ** 20;
await rm(dir, { recursive: true, force: true });

console.log(
  `Import of ${GROUPS.toLocaleString("en")} groups, ${USERS.toLocaleString("en")} users, ${POLICIES} CA policies: read ${read.toFixed(0)} ms, ` +
    `imported and checked in ${imported.toFixed(0)} ms (${plan.verified} objects, ${plan.differences.length} differences; target < 60000 ms)`,
);
console.log(
  `Drift of the imported catalog against the export: ${drift.toFixed(0)} ms, ` +
    `${items.length} differences (target < 30000 ms); heap ${heap.toFixed(0)} MiB (target < ` +
    `2048 MiB)`,
);
const imports = Object.values(plan.result.catalog).reduce((n, entries) => n + entries.length, 0);
if (imports < GROUPS + POLICIES || plan.differences.length || items.length) {
  console.error(`benchmark import is wrong: ${imports} entries, ${plan.differences.length} differences, ${items.length} drift items`);
  process.exit(1);
}
if (imported >= 60_000 || drift >= 30_000 || heap >= 2048) {
  console.error("benchmark target missed");
  process.exit(1);
}
