import { findDirectoryRole } from "../../model/directory-roles";
import type { EnvironmentView } from "../../model/environment";
import { normalizeMatcher } from "../../model/membership-rule";
import type { BusinessRole, Catalog, ConditionalAccessPolicy, Entry, Group } from "../../model/model";
import type { PersonaSpec } from "../../schema/catalog";
import type { HrConditions } from "../../schema/hr-conditions";
import { hrSubject, HrConditionsIndex, matchesHr } from "../hr-match";
import { compiled, type Principal } from "./evaluate";

/** A persona as used by the evaluator: its spec, where it was declared (if it was), and the principal it signs in as. */
export interface ResolvedPersona {
  readonly id: string;
  readonly displayName: string;
  readonly spec: PersonaSpec;
  readonly declared?: Entry<PersonaSpec>;
  /** For a derived persona: which policy target it stands for. */
  readonly why?: string;
  readonly principal: Principal;
}

interface PersonaSource {
  readonly spec: PersonaSpec;
  readonly declared?: Entry<PersonaSpec>;
  readonly why?: string;
}

/** Derived members sign in from a managed device: staff have one, and a device requirement is then a control, not a lockout. */
const MANAGED = { compliant: true, domainJoined: true };
/** A guest's device compliance is not trusted by default (cross-tenant access settings decide). */
const UNMANAGED = { compliant: false, domainJoined: false };
/** At most this many personas are derived from the HR values of the catalog's own conditions. */
const MAX_HR_PERSONAS = 25;

const persona = (p: Partial<PersonaSpec> & { id: string; displayName: string }): PersonaSpec => ({
  userType: "member",
  guestType: "b2bCollaborationGuest",
  hr: {},
  groups: [],
  requestedRoles: [],
  directoryRoles: [],
  breakGlass: false,
  device: p.userType === "guest" ? UNMANAGED : MANAGED,
  ...p,
});

/**
 * The personas coverage and what-if evaluate:
 * - with no declared personas, personas derived from what the policies target (see {@link derivedPersonas}) and the
 *   HR populations of the catalog's own conditions;
 * - with declared personas, those, plus a derived persona for each target of a policy that no declared persona
 *   is in, so that every policy applies to somebody;
 * - always a break-glass persona.
 */
export function personasOf(view: EnvironmentView): PersonaSource[] {
  const { catalog } = view;
  const declared: PersonaSource[] = catalog.personas.map((p) => ({ spec: p.spec, declared: p }));
  const out: PersonaSource[] = [...declared];
  const taken = new Set(declared.map((p) => p.spec.id));
  const push = (p: PersonaSource) => {
    if (taken.has(p.spec.id)) return;
    taken.add(p.spec.id);
    out.push(p);
  };
  const active = catalog.conditionalAccessPolicies.filter((p) => view.caState(p) !== "disabled");
  if (declared.length === 0) {
    for (const p of derivedPersonas(view, active, "all")) push(p);
    for (const p of hrPersonas(view)) push(p);
    for (const r of catalog.privilegedRoles)
      push({
        spec: persona({ id: `role-${slug(r.spec.directoryRole)}`, displayName: `${r.spec.directoryRole} (activated)`, directoryRoles: [r.spec.directoryRole] }),
        why: `privileged role ${r.id}`,
      });
  } else {
    // Policies no declared persona is among the users of: derive personas for what they include.
    const principals = declared.map((p) => principalOf(view, p.spec));
    const byId = new Map(compiled(view).map((c) => [c.id, c]));
    const missed = active.filter((p) => principals.every((u) => byId.get(p.id)!.userScope(u) !== null));
    for (const p of derivedPersonas(view, missed, "included")) push(p);
  }
  if (!out.some((p) => p.spec.breakGlass))
    push({ spec: persona({ id: "break-glass", displayName: "Break-glass account", breakGlass: true, device: UNMANAGED }) });
  return out;
}

/**
 * Personas for what policies target, named after it: a member of each group (a dynamic group's member has the HR
 * values of its condition; an assigned group's member the HR values of the birthright role it comes from), each
 * directory role (activated), each kind of guest or external user, each account named, and an ordinary member and
 * guest for policies that include all users. `included` derives only from the users policies include; `all` from
 * their exclusions too (the people a policy leaves out are where gaps hide).
 */
export function derivedPersonas(view: EnvironmentView, policies: readonly ConditionalAccessPolicy[], which: "all" | "included"): PersonaSource[] {
  const out = new Map<string, PersonaSource>();
  const add = (spec: PersonaSpec, why: string) => {
    if (!out.has(spec.id)) out.set(spec.id, { spec, why });
  };
  for (const p of [...policies].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const sets =
      which === "all"
        ? ([
            ["includes", p.spec.users.include],
            ["excludes", p.spec.users.exclude],
          ] as const)
        : ([["includes", p.spec.users.include]] as const);
    if (p.spec.users.include.all) {
      add(persona({ id: "member", displayName: "Member (in no targeted group)" }), `${p.id} includes all users`);
      add(guestPersona("b2bCollaborationGuest"), `${p.id} includes all users, guests too`);
    }
    for (const [verb, set] of sets) {
      for (const g of set.groups) {
        const spec = groupPersona(view, g);
        if (spec) add(spec, `${p.id} ${verb} group ${g}`);
      }
      for (const r of set.roles) add(persona({ id: `role-${slug(r)}`, displayName: `${r} (activated)`, directoryRoles: [r] }), `${p.id} ${verb} role ${r}`);
      for (const k of set.guestsOrExternalUsers) add(guestPersona(k), `${p.id} ${verb} ${k}`);
      for (const u of set.users) add(persona({ id: `user-${slug(u)}`, displayName: `Account ${u}`, user: u }), `${p.id} ${verb} user ${u}`);
    }
  }
  return [...out.values()];
}

/** Guests (user type Guest) and external members (b2bCollaborationMember: user type Member, from another tenant). */
function guestPersona(kind: PersonaSpec["guestType"]): PersonaSpec {
  const member = kind === "b2bCollaborationMember";
  return persona({
    id: `${member ? "external-member" : "guest"}-${slug(kind)}`,
    displayName: `${member ? "External member" : "Guest"} (${kind})`,
    userType: member ? "member" : "guest",
    guestType: kind,
    device: UNMANAGED,
  });
}

/** A member of a group: by HR values where its membership follows from them, assigned otherwise. */
function groupPersona(view: EnvironmentView, id: string): PersonaSpec | undefined {
  const index = indexOf(view.catalog);
  const group = index.groups.get(id);
  if (!group) return undefined;
  const base = { id: `member-of-${id}`, displayName: `Member of ${group.spec.displayName}` };
  const membership = group.spec.membership;
  const birthright = index.birthrightOfGroup.get(id)?.spec.assignment;
  const when: HrConditions | undefined = membership.type === "dynamic" ? membership.when : birthright?.type === "birthright" ? birthright.when : undefined;
  const w = when ? witness(when) : undefined;
  if (w && matchesHr(when!, w.hr, w.userType === "guest" ? "Guest" : "Member"))
    return persona({
      ...base,
      hr: w.hr,
      userType: w.userType,
      groups: membership.type === "dynamic" ? [] : [id],
      ...(w.userType === "guest" ? { device: UNMANAGED } : {}),
    });
  return persona({ ...base, groups: [id] });
}

/** HR values that satisfy conditions, taken from the conditions themselves: the first value of each positive test. */
function witness(when: HrConditions): { hr: Record<string, string>; userType: "member" | "guest" } {
  const hr: Record<string, string> = {};
  let userType: "member" | "guest" = "member";
  for (const [attribute, matcher] of Object.entries(when)) {
    if (matcher === undefined) continue;
    const m = normalizeMatcher(matcher);
    if (m.op !== "in" && m.op !== "startsWith") continue;
    if (attribute === "userType") userType = m.values[0] === "Guest" ? "guest" : "member";
    else hr[attribute] = m.values[0]!;
  }
  return { hr, userType };
}

/**
 * One persona per employee type the catalog's own HR conditions name (dynamic groups and birthright roles): the
 * organisation's contractors, interns or consultants, in its own words.
 */
function hrPersonas(view: EnvironmentView): PersonaSource[] {
  const values = new Map<string, string>();
  const collect = (when: HrConditions, from: string) => {
    const m = when.employeeType;
    if (m === undefined) return;
    const n = normalizeMatcher(m);
    if (n.op === "in") for (const v of n.values) if (!values.has(v)) values.set(v, from);
  };
  for (const g of view.catalog.groups) if (g.spec.membership.type === "dynamic") collect(g.spec.membership.when, `group ${g.id}`);
  for (const r of view.catalog.businessRoles) if (r.spec.assignment?.type === "birthright") collect(r.spec.assignment.when, `birthright role ${r.id}`);
  return [...values]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .slice(0, MAX_HR_PERSONAS)
    .map(([v, from]) => ({
      spec: persona({ id: `employee-type-${slug(v)}`, displayName: `${v} (employeeType)`, hr: { employeeType: v } }),
      why: `${from} tests employeeType ${v}`,
    }));
}

const resolved = new WeakMap<EnvironmentView, ResolvedPersona[]>();

/** Builds the principals: dynamic groups and birthright roles from HR, requested roles, and what the roles grant. */
export function resolvePersonas(view: EnvironmentView): ResolvedPersona[] {
  let list = resolved.get(view);
  if (list) return list;
  list = personasOf(view).map(({ spec, declared, why }) => ({
    id: spec.id,
    displayName: spec.displayName,
    spec,
    ...(declared ? { declared } : {}),
    ...(why ? { why } : {}),
    principal: principalOf(view, spec),
  }));
  resolved.set(view, list);
  return list;
}

function principalOf(view: EnvironmentView, spec: PersonaSpec): Principal {
  const { catalog } = view;
  const userType = spec.userType === "guest" ? "Guest" : "Member";
  const index = indexOf(catalog);
  const groups = new Set(spec.groups);
  const roles = new Set(spec.requestedRoles);
  if (!spec.breakGlass) {
    const matched = hrMatches(index, spec.hr, userType);
    for (const id of matched.groups) groups.add(id);
    for (const id of matched.roles) roles.add(id);
  }
  for (const id of roles) for (const g of index.roles.get(id)?.effectiveGroups ?? []) groups.add(g);
  return {
    id: spec.id,
    userType: spec.userType,
    guestType: spec.guestType,
    groups,
    roles: new Set(spec.directoryRoles.map((n) => findDirectoryRole(n).role?.templateId).filter((x): x is string => x !== undefined)),
    ...(spec.user ? { user: view.person(spec.user) } : {}),
    breakGlass: spec.breakGlass,
    device: spec.device,
  };
}

interface PersonaIndex {
  readonly groups: ReadonlyMap<string, Group>;
  readonly roles: ReadonlyMap<string, BusinessRole>;
  /** For each group, the first birthright role (in catalog order) that grants it. */
  readonly birthrightOfGroup: ReadonlyMap<string, BusinessRole>;
  /** The dynamic groups' IDs by their conditions. */
  readonly dynamicGroups: HrConditionsIndex<string>;
  /** The birthright roles' IDs by their conditions. */
  readonly birthrightRoles: HrConditionsIndex<string>;
  /** The dynamic groups and birthright roles (in catalog order) matched by each set of HR values and user type. */
  readonly matches: Map<string, { readonly groups: readonly string[]; readonly roles: readonly string[] }>;
}

/** The dynamic groups and birthright roles whose conditions a person with these HR values matches: personas share few sets of them. */
function hrMatches(index: PersonaIndex, hr: Readonly<Partial<Record<string, string>>>, userType: "Member" | "Guest") {
  const key = JSON.stringify([userType, Object.entries(hr).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  let found = index.matches.get(key);
  if (!found) {
    const subject = hrSubject(hr, userType);
    found = {
      groups: index.dynamicGroups.matching(subject),
      roles: index.birthrightRoles.matching(subject),
    };
    index.matches.set(key, found);
  }
  return found;
}

const indexes = new WeakMap<Catalog, PersonaIndex>();

/** Look-ups by ID and the HR-driven entries, built once per catalog for all personas and environments. */
function indexOf(catalog: Catalog): PersonaIndex {
  let index = indexes.get(catalog);
  if (index) return index;
  const birthrightOfGroup = new Map<string, BusinessRole>();
  const birthrightRoles: { item: string; when: HrConditions }[] = [];
  for (const r of catalog.businessRoles) {
    if (r.spec.assignment?.type !== "birthright") continue;
    birthrightRoles.push({ item: r.id, when: r.spec.assignment.when });
    for (const g of r.effectiveGroups) if (!birthrightOfGroup.has(g)) birthrightOfGroup.set(g, r);
  }
  const dynamicGroups = catalog.groups.flatMap((g) => (g.spec.membership.type === "dynamic" ? [{ item: g.id, when: g.spec.membership.when }] : []));
  index = {
    groups: firstById(catalog.groups),
    roles: firstById(catalog.businessRoles),
    birthrightOfGroup,
    dynamicGroups: new HrConditionsIndex(dynamicGroups),
    birthrightRoles: new HrConditionsIndex(birthrightRoles),
    matches: new Map(),
  };
  indexes.set(catalog, index);
  return index;
}

function firstById<T extends { readonly id: string }>(list: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const e of list) if (!out.has(e.id)) out.set(e.id, e);
  return out;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
