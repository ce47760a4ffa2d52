import type { RuleContext, Violation } from "../types";
import { atEnvironment } from "../private/helpers";
import { globalAdministrators } from "./priv-global-admin-count";

/** Finer-grained roles are used rather than Global Administrator. MS.AAD.7.2 */
export function privPrefersFinerRoles(ctx: RuleContext): Violation[] {
  const ga = globalAdministrators(ctx).size - ctx.view.environment.spec.breakGlass.accounts.length;
  const others = new Set(
    ctx.catalog.privilegedRoles
      .filter((p) => p.spec.directoryRole.toLowerCase() !== "global administrator")
      .flatMap((p) => p.spec.eligible.map((e) => ctx.view.person(e.principal))),
  ).size;
  return ga <= others
    ? []
    : [atEnvironment(ctx, `${ga} people can be Global Administrator but only ${others} hold finer-grained privileged roles; use least-privileged roles.`)];
}
