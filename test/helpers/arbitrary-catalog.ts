import fc from "fast-check";
import { parse, stringify } from "yaml";
import { ENV_YAML } from "./catalog";

/** A generated catalog: files (path → YAML) and what the generator put into it. */
export interface GeneratedCatalog {
  readonly files: Record<string, string>;
  readonly entries: { section: string; id: string; domain: string; entry: Record<string, unknown> }[];
}

const OWNERS = ["ann.owner@example.org", "bob.owner@example.org", "carol.owner@example.org"];
const words = fc.constantFrom(
  "Finance",
  "Payroll",
  "Field",
  "Kenya",
  "Jordan",
  "Audit",
  "Legal",
  "Supply",
  "Data",
  "Ops",
  "Team",
  "Readers",
  "Admins",
  "Staff",
);
const displayName = fc.array(words, { minLength: 1, maxLength: 3 }).map((w) => w.join(" "));
const hrValue = fc.constantFrom("Finance", "Human Resources", "ICT", "Programmes", "Field Operations", "Staff", "Consultant", "KE", "JO", "Head of Unit");
const when = fc
  .record(
    {
      department: fc.option(fc.oneof(hrValue, fc.array(hrValue, { minLength: 1, maxLength: 3 })), { nil: undefined }),
      employeeType: fc.option(hrValue, { nil: undefined }),
      jobTitle: fc.option(
        hrValue.map((v) => ({ startsWith: v })),
        { nil: undefined },
      ),
    },
    { requiredKeys: [] },
  )
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));

/**
 * Valid catalogs of every concept, small enough to synthesize hundreds of times: groups (assigned, unmanaged,
 * dynamic), business roles (building block, birthright, request) granting assigned groups, conditional access
 * policies including and excluding groups, privileged roles, spread over one to three files and two domains.
 */
export const arbitraryCatalog: fc.Arbitrary<GeneratedCatalog> = fc
  .record({
    groups: fc.uniqueArray(
      fc.record({
        n: fc.integer({ min: 1, max: 40 }),
        name: displayName,
        kind: fc.constantFrom("managed", "unmanaged", "dynamic"),
        domain: fc.constantFrom("alpha", "beta"),
        when,
      }),
      { minLength: 2, maxLength: 7, selector: (g) => g.n },
    ),
    roles: fc.uniqueArray(
      fc.record({
        n: fc.integer({ min: 1, max: 40 }),
        name: displayName,
        kind: fc.constantFrom("block", "birthright", "request"),
        domain: fc.constantFrom("alpha", "beta"),
        when,
        picks: fc.array(fc.nat(), { maxLength: 3 }),
      }),
      { maxLength: 5, selector: (r) => r.n },
    ),
    policies: fc.uniqueArray(
      fc.record({
        n: fc.integer({ min: 1, max: 99 }),
        name: displayName,
        state: fc.constantFrom("enabled", "reportOnly", "disabled"),
        all: fc.boolean(),
        picks: fc.array(fc.nat(), { maxLength: 2 }),
        block: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4, selector: (p) => p.n },
    ),
    privileged: fc.uniqueArray(
      fc.record({
        n: fc.integer({ min: 1, max: 9 }),
        role: fc.constantFrom("Global Administrator", "User Administrator", "Helpdesk Administrator"),
        hours: fc.constantFrom(1, 2, 4),
      }),
      { maxLength: 2, selector: (p) => p.n },
    ),
    fileCount: fc.integer({ min: 1, max: 3 }),
    seed: fc.nat(),
  })
  .map(({ groups, roles, policies, privileged, fileCount, seed }) => {
    const entries: GeneratedCatalog["entries"] = [];
    const assigned = groups.filter((g) => g.kind !== "dynamic").map((g) => `grp-${g.n}`);
    for (const g of groups) {
      entries.push({
        section: "groups",
        id: `grp-${g.n}`,
        domain: g.domain,
        entry: {
          id: `grp-${g.n}`,
          displayName: `${g.name} ${g.n}`,
          description: `Group ${g.n}`,
          owners: OWNERS.slice(0, 2),
          membership:
            g.kind === "dynamic"
              ? { type: "dynamic", when: g.when }
              : { type: "assigned", managed: g.kind === "managed", members: g.kind === "managed" ? [OWNERS[2]] : [] },
        },
      });
    }
    entries.push({
      section: "accessPackageCatalogs",
      id: "cat-main",
      domain: "alpha",
      entry: { id: "cat-main", displayName: "Main", description: "Main catalog" },
    });
    for (const r of roles) {
      const granted = [...new Set(r.picks.map((p) => assigned[p % assigned.length]!).filter(Boolean))];
      const assignment =
        r.kind === "birthright"
          ? { type: "birthright", when: r.when }
          : r.kind === "request"
            ? {
                type: "request",
                catalog: "cat-main",
                approval: { stages: [{ approvers: ["manager"], backupApprovers: [OWNERS[0]] }] },
                expiry: { afterDays: 90 },
                review: { frequency: "quarterly", reviewers: "manager" },
              }
            : undefined;
      entries.push({
        section: "businessRoles",
        id: `role-${r.n}`,
        domain: r.domain,
        entry: {
          id: `role-${r.n}`,
          displayName: `${r.name} role ${r.n}`,
          description: `Role ${r.n}`,
          owners: OWNERS.slice(0, 2),
          entitlements: { groups: granted },
          ...(assignment ? { assignment } : {}),
        },
      });
    }
    const allGroups = groups.map((g) => `grp-${g.n}`);
    for (const p of policies) {
      const picked = [...new Set(p.picks.map((i) => allGroups[i % allGroups.length]!))];
      entries.push({
        section: "conditionalAccessPolicies",
        id: `ca-${p.n}`,
        domain: "shared",
        entry: {
          id: `ca-${p.n}`,
          displayName: `CA${String(p.n).padStart(3, "0")}-Global-BaseProtection-AllApps-AnyPlatform-${p.name.replace(/ /g, "")}`,
          state: p.state,
          users: p.all || picked.length === 0 ? { include: { all: true }, exclude: { groups: picked } } : { include: { groups: picked } },
          applications: { include: ["All"] },
          grant: p.block ? { block: true } : { controls: ["mfa"] },
        },
      });
    }
    for (const p of privileged) {
      entries.push({
        section: "privilegedRoles",
        id: `priv-${p.n}`,
        domain: "shared",
        entry: {
          id: `priv-${p.n}`,
          directoryRole: p.role,
          group: { displayName: `PIM ${p.n}`, description: `PIM group ${p.n}`, owners: OWNERS.slice(0, 2) },
          eligible: [{ principal: OWNERS[2], durationDays: 30 }],
          activation: { maxDurationHours: p.hours },
        },
      });
    }
    // Spread entries over files; each file holds one domain, so a file's `domain:` applies to all it holds.
    const files: Record<string, string> = { "environments/test.yaml": ENV_YAML };
    const byFile = new Map<string, typeof entries>();
    entries.forEach((e, i) => {
      const name = `${e.section === "conditionalAccessPolicies" ? "policies" : "roles"}/${e.domain}-${(i + seed) % fileCount}.yaml`;
      byFile.set(name, [...(byFile.get(name) ?? []), e]);
    });
    for (const [name, list] of byFile) {
      const doc: Record<string, unknown> = { domain: list[0]!.domain };
      for (const e of list) doc[e.section] = [...((doc[e.section] as unknown[]) ?? []), e.entry];
      files[name] = stringify(doc);
    }
    return { files, entries };
  });

/** The same catalog with files renamed and every list of entries and every mapping written in another order. */
export function reordered(c: GeneratedCatalog, seed: number): Record<string, string> {
  const shuffle = <T>(list: T[]): T[] => {
    const out = [...list];
    let s = seed + 1;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const reorderValue = (v: unknown): unknown => {
    if (Array.isArray(v))
      return v.every((x) => typeof x === "string")
        ? shuffle(v)
        : v.every((x) => x && typeof x === "object" && "id" in x)
          ? shuffle(v.map(reorderValue))
          : v.map(reorderValue);
    if (v && typeof v === "object") return Object.fromEntries(shuffle(Object.entries(v as Record<string, unknown>)).map(([k, x]) => [k, reorderValue(x)]));
    return v;
  };
  const out: Record<string, string> = {};
  shuffle(Object.entries(c.files)).forEach(([name, text], i) => {
    const renamed = name.startsWith("environments/") ? name : name.replace(/[^/]+\.yaml$/, `renamed-${i}.yaml`);
    out[renamed] = name.startsWith("environments/") ? text : stringify(reorderValue(parse(text)));
  });
  return out;
}
