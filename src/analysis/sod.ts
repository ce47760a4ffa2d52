import type { HrConditions } from "../schema/hr-conditions";
import type { BusinessRole, Catalog, SodRule } from "../model/model";
import { populationsOverlap } from "./populations";

/** An entitlement in SoD terms: `role:<id>`, `group:<id>`, `appRole:<app>/<role>`, `privilegedRole:<id>`. */
export type EntitlementKey = string;

export interface SodConflict {
  readonly rule: string;
  readonly kind: "single-role" | "birthright-overlap" | "request-vs-birthright" | "shared-approvers";
  /** The role the finding is reported on, and the other role for pairwise conflicts. */
  readonly role: string;
  readonly otherRole?: string;
  /** The two conflicting sets, by name. */
  readonly sets: readonly [string, string];
  readonly detail: string;
}

export interface SodAnalysis {
  readonly conflicts: readonly SodConflict[];
  /** Effective entitlement keys of every business role (itself, included roles, groups, app roles). */
  readonly effective: ReadonlyMap<string, ReadonlySet<EntitlementKey>>;
}

/**
 * Segregation-of-duties analysis over effective entitlements. Entitlements are indexed once (entitlement → roles
 * holding it), so the cost grows with the size of the catalog and of the rules' sets, not with the square of the
 * number of roles; pairwise checks only ever compare roles that each hit a different set of the same rule.
 */
export function analyseSod(catalog: Catalog): SodAnalysis {
  const effective = new Map<string, Set<EntitlementKey>>();
  const holders = new Map<EntitlementKey, string[]>();
  for (const role of catalog.businessRoles) {
    const keys = new Set<EntitlementKey>([
      `role:${role.id}`,
      ...role.includedRoles.map((r) => `role:${r}`),
      ...role.effectiveGroups.map((g) => `group:${g}`),
      ...role.effectiveAppRoles.map((a) => `appRole:${a.application}/${a.appRole}`),
    ]);
    effective.set(role.id, keys);
    for (const k of keys) {
      const list = holders.get(k);
      if (list) list.push(role.id);
      else holders.set(k, [role.id]);
    }
  }
  const roles = new Map(catalog.businessRoles.map((r) => [r.id, r]));
  const conflicts: SodConflict[] = [];
  for (const rule of catalog.sodRules) conflicts.push(...analyseRule(rule, holders, roles, catalog));
  return { conflicts, effective };
}

function analyseRule(rule: SodRule, holders: Map<EntitlementKey, string[]>, roles: Map<string, BusinessRole>, catalog: Catalog): SodConflict[] {
  const sets = rule.spec.conflictingSets;
  // Which sets each role hits, from the index.
  const hits = new Map<string, Set<number>>();
  sets.forEach((set, i) => {
    for (const key of set.entitlements)
      for (const roleId of holders.get(key) ?? []) {
        const h = hits.get(roleId);
        if (h) h.add(i);
        else hits.set(roleId, new Set([i]));
      }
  });
  const out: SodConflict[] = [];
  const bySet: string[][] = sets.map(() => []);
  for (const [roleId, setIds] of [...hits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ids = [...setIds].sort();
    if (ids.length >= 2)
      out.push({
        rule: rule.id,
        kind: "single-role",
        role: roleId,
        sets: [sets[ids[0]!]!.name, sets[ids[1]!]!.name],
        detail: `holds entitlements of both '${sets[ids[0]!]!.name}' and '${sets[ids[1]!]!.name}'`,
      });
    for (const i of ids) bySet[i]!.push(roleId);
  }
  // Pairs of roles in different sets of this rule (the index keeps this to roles that matter).
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      for (const a of bySet[i]!) {
        for (const b of bySet[j]!) {
          if (a === b) continue;
          const ra = roles.get(a)!;
          const rb = roles.get(b)!;
          const pair: [string, string] = [sets[i]!.name, sets[j]!.name];
          const aa = ra.spec.assignment;
          const ab = rb.spec.assignment;
          if (aa?.type === "birthright" && ab?.type === "birthright") {
            if (populationsOverlap(aa.when, ab.when)) {
              const [first, second] = a < b ? [a, b] : [b, a];
              out.push({
                rule: rule.id,
                kind: "birthright-overlap",
                role: first,
                otherRole: second,
                sets: pair,
                detail: `'${a}' and '${b}' are both birthright for HR populations that overlap`,
              });
            }
          }
          for (const [req, birth] of [
            [ra, rb],
            [rb, ra],
          ] as const) {
            if (
              req.spec.assignment?.type === "request" &&
              birth.spec.assignment?.type === "birthright" &&
              populationsOverlap(requestorPopulation(req, catalog), birth.spec.assignment.when)
            ) {
              out.push({
                rule: rule.id,
                kind: "request-vs-birthright",
                role: req.id,
                otherRole: birth.id,
                sets: pair,
                detail: `'${req.id}' can be requested by people who hold '${birth.id}' by birthright`,
              });
            }
          }
          if (aa?.type === "request" && ab?.type === "request") {
            const shared = approvers(ra).filter((x) => approvers(rb).includes(x) && x !== "manager");
            const [first, second] = a < b ? [a, b] : [b, a];
            if (shared.length)
              out.push({
                rule: rule.id,
                kind: "shared-approvers",
                role: first,
                otherRole: second,
                sets: pair,
                detail: `'${first}' and '${second}' are approved by the same ${shared.join(", ")}`,
              });
          }
        }
      }
    }
  }
  return dedupe(out);
}

/** Who may request a role, as an HR population: undefined (everybody) unless every requestor group is dynamic. */
function requestorPopulation(role: BusinessRole, catalog: Catalog): HrConditions | undefined {
  const a = role.spec.assignment;
  if (a?.type !== "request" || a.requestors.scope !== "groups" || a.requestors.groups.length !== 1) return undefined;
  const g = catalog.groups.find((x) => x.id === a.requestors.groups[0]);
  return g?.spec.membership.type === "dynamic" ? g.spec.membership.when : undefined;
}

function approvers(role: BusinessRole): string[] {
  const a = role.spec.assignment;
  if (a?.type !== "request" || !("stages" in a.approval)) return [];
  return a.approval.stages.flatMap((s) => s.approvers);
}

function dedupe(list: SodConflict[]): SodConflict[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = `${c.kind}|${c.role}|${c.otherRole ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Roles × roles with the SoD rule IDs that conflict, for reports (only roles involved in a conflict). */
export function sodMatrix(analysis: SodAnalysis): { roles: string[]; cells: Record<string, Record<string, string[]>> } {
  const cells: Record<string, Record<string, string[]>> = {};
  // Keyed by role IDs: own keys only, so a role whose ID is `constructor` gets its own row, not Object's.
  const own = <T>(o: Record<string, T>, k: string, make: () => T): T => (Object.hasOwn(o, k) ? o[k]! : (o[k] = make()));
  const add = (a: string, b: string, rule: string) => {
    const list = own(
      own(cells, a, () => ({})),
      b,
      (): string[] => [],
    );
    if (!list.includes(rule)) list.push(rule);
  };
  for (const c of analysis.conflicts) {
    if (c.otherRole) {
      add(c.role, c.otherRole, c.rule);
      add(c.otherRole, c.role, c.rule);
    } else add(c.role, c.role, c.rule);
  }
  const roles = Object.keys(cells).sort();
  for (const row of Object.values(cells)) for (const list of Object.values(row)) list.sort();
  return { roles, cells };
}
