import { GLOBAL_ADMINISTRATOR_TEMPLATE_ID } from "../../model/directory-roles";
import type { PrivilegedRole } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Privileged Role Administrator: like Global Administrator, it can assign every directory role. */
const PRIVILEGED_ROLE_ADMINISTRATOR_TEMPLATE_ID = "e8611ab8-c189-46e8-94e1-60213ab1f814";
const GRANTS_EVERY_ROLE = [GLOBAL_ADMINISTRATOR_TEMPLATE_ID, PRIVILEGED_ROLE_ADMINISTRATOR_TEMPLATE_ID];

/**
 * Whether holding `held` is at least as strong as the role of `needed`: Global Administrator and Privileged Role
 * Administrator held tenant-wide cover every role (they can assign any role themselves); otherwise the same
 * directory role, held tenant-wide or in the same administrative unit.
 */
function coversRole(held: PrivilegedRole, needed: PrivilegedRole): boolean {
  const tenantWide = held.spec.administrativeUnit === undefined;
  if (tenantWide && GRANTS_EVERY_ROLE.includes(held.directoryRoleTemplateId)) return true;
  return held.directoryRoleTemplateId === needed.directoryRoleTemplateId && (tenantWide || held.spec.administrativeUnit === needed.spec.administrativeUnit);
}

/**
 * The owners of a PIM group hold that role, or a stronger one (see `coversRole`): an owner can make anyone a member,
 * so owning the group must not be a way to a role the owner does not hold. Owners who hold no privileged role at
 * all are IDAC-PRIV-009's; this rule reports the owners who hold only weaker or other roles, or whose eligibility
 * has ended.
 */
export function privGroupsOwnedByRoleHolders(ctx: RuleContext): Violation[] {
  const roles = ctx.catalog.privilegedRoles;
  const listed = (p: PrivilegedRole) => [...p.spec.eligible, ...p.spec.active];
  const current = (p: PrivilegedRole) => listed(p).filter((e) => e.expires === undefined || e.expires >= ctx.today);
  const holds = (person: string, p: PrivilegedRole, list: (p: PrivilegedRole) => { principal: string }[]) =>
    list(p).some((e) => ctx.view.person(e.principal) === person);
  const out: Violation[] = [];
  for (const p of roles) {
    p.spec.group.owners.forEach((o, i) => {
      const owner = ctx.view.person(o);
      const anywhere = roles.filter((r) => holds(owner, r, listed));
      if (anywhere.length === 0) return; // IDAC-PRIV-009
      if (roles.some((r) => holds(owner, r, current) && coversRole(r, p))) return;
      const has = anywhere.map(
        (r) =>
          `${r.spec.directoryRole}${r.spec.administrativeUnit ? ` in ${r.spec.administrativeUnit}` : ""} (${r.id}${holds(owner, r, current) ? "" : ", ended"})`,
      );
      out.push(
        at(
          p,
          "privilegedRoles",
          `${o} owns the PIM group of '${p.id}' (${p.spec.directoryRole}` +
            `${p.spec.administrativeUnit ? ` in administrative unit ${p.spec.administrativeUnit}` : ""}` +
            `) but holds only ${has.join(", ")}: an owner can make anyone a member, so owners should ` +
            `hold this role (tenant-wide or in the same unit), Global Administrator or Privileged ` +
            `Role Administrator.`,
          ["group", "owners", i],
        ),
      );
    });
  }
  return out;
}
