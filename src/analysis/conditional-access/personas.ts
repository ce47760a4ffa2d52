import { findDirectoryRole } from "../../model/directory-roles";
import type { EnvironmentView } from "../../model/environment";
import type { Catalog, Entry } from "../../model/model";
import type { PersonaSpec } from "../../schema/catalog";
import { matchesHr } from "../hr-match";
import type { Principal } from "./evaluate";

/** A persona as used by the evaluator: its spec, where it was declared (if it was), and the principal it signs in as. */
export interface ResolvedPersona {
  readonly id: string;
  readonly displayName: string;
  readonly spec: PersonaSpec;
  readonly declared?: Entry<PersonaSpec>;
  readonly principal: Principal;
}

const persona = (p: Partial<PersonaSpec> & { id: string; displayName: string }): PersonaSpec => ({
  userType: "member",
  guestType: "b2bCollaborationGuest",
  hr: {},
  groups: [],
  requestedRoles: [],
  directoryRoles: [],
  breakGlass: false,
  device: { compliant: false, domainJoined: false },
  ...p,
});

/**
 * The personas of the catalog, or sensible defaults when none are declared: a staff member of each department that
 * a birthright role names, a consultant, a guest, an administrator for each privileged role (activated), and the
 * break-glass account. The break-glass persona is always present.
 */
export function personasOf(catalog: Catalog): { spec: PersonaSpec; declared?: Entry<PersonaSpec> }[] {
  const declared = catalog.personas.map((p) => ({ spec: p.spec, declared: p }));
  const out: { spec: PersonaSpec; declared?: Entry<PersonaSpec> }[] = [...declared];
  if (declared.length === 0) {
    const departments = new Set<string>();
    for (const r of catalog.businessRoles) {
      const d = r.spec.assignment?.type === "birthright" ? r.spec.assignment.when.department : undefined;
      if (typeof d === "string") departments.add(d);
      else if (Array.isArray(d)) departments.add(d[0]!);
    }
    for (const d of [...departments].sort()) out.push({ spec: persona({ id: `staff-${slug(d)}`, displayName: `Staff member, ${d}`, hr: { department: d, employeeType: "Staff" } }) });
    out.push({ spec: persona({ id: "consultant", displayName: "Consultant", hr: { employeeType: "Consultant" } }) });
    out.push({ spec: persona({ id: "guest", displayName: "Guest (partner)", userType: "guest" }) });
    for (const p of catalog.privilegedRoles) out.push({ spec: persona({ id: `admin-${p.id}`, displayName: `${p.spec.directoryRole} (activated)`, directoryRoles: [p.spec.directoryRole] }) });
  }
  if (!out.some((p) => p.spec.breakGlass)) out.push({ spec: persona({ id: "break-glass", displayName: "Break-glass account", breakGlass: true }) });
  return out;
}

/** Builds the principal: dynamic groups and birthright roles from HR, requested roles, and what the roles grant. */
export function resolvePersonas(view: EnvironmentView): ResolvedPersona[] {
  const { catalog } = view;
  return personasOf(catalog).map(({ spec, declared }) => {
    const userType = spec.userType === "guest" ? "Guest" : "Member";
    const groups = new Set(spec.groups);
    for (const g of catalog.groups) if (g.spec.membership.type === "dynamic" && !spec.breakGlass && matchesHr(g.spec.membership.when, spec.hr, userType)) groups.add(g.id);
    const roles = new Set(spec.requestedRoles);
    for (const r of catalog.businessRoles) if (r.spec.assignment?.type === "birthright" && !spec.breakGlass && matchesHr(r.spec.assignment.when, spec.hr, userType)) roles.add(r.id);
    for (const id of roles) for (const g of catalog.businessRoles.find((r) => r.id === id)?.effectiveGroups ?? []) groups.add(g);
    const principal: Principal = {
      id: spec.id,
      userType: spec.userType,
      guestType: spec.guestType,
      groups,
      roles: new Set(spec.directoryRoles.map((n) => findDirectoryRole(n).role?.templateId).filter((x): x is string => x !== undefined)),
      ...(spec.user ? { user: view.person(spec.user) } : {}),
      breakGlass: spec.breakGlass,
      device: spec.device,
    };
    return { id: spec.id, displayName: spec.displayName, spec, ...(declared ? { declared } : {}), principal };
  });
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
