import type { RuleContext, Violation } from "../types";
import { atEnvironment, GLOBAL_ADMINISTRATOR } from "../private/helpers";

/** People who can be Global Administrator, break-glass included. */
export function globalAdministrators(ctx: RuleContext): Set<string> {
  const people = new Set(ctx.view.environment.spec.breakGlass.accounts.map((a) => a.toLowerCase()));
  for (const p of ctx.catalog.privilegedRoles.filter((x) => x.directoryRoleTemplateId === GLOBAL_ADMINISTRATOR && !x.spec.administrativeUnit)) {
    for (const e of [...p.spec.eligible, ...p.spec.active]) people.add(ctx.view.person(e.principal));
  }
  return people;
}

/** Between 2 and 8 Global Administrators, counting break-glass accounts. MS.AAD.7.1, MT.1032 */
export function privGlobalAdminCount(ctx: RuleContext): Violation[] {
  const n = globalAdministrators(ctx).size;
  return n >= 2 && n <= 8
    ? []
    : [atEnvironment(ctx, `Environment '${ctx.view.environment.id}' has ${n} Global Administrator(s) (break-glass accounts included); keep between 2 and 8.`)];
}
