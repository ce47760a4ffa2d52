import type { RuleContext, Violation } from "../types";
import { atEnvironment, enabled, requiresMfa, unconditional } from "../private/helpers";

/** Azure management (portal, CLI, PowerShell) needs MFA for everyone. MT.1008 */
export function caRequiresMfaForAzureManagement(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some(
    (p) =>
      p.spec.users.include.all &&
      "include" in p.spec.applications &&
      (p.spec.applications.include.includes("All") || p.spec.applications.include.includes("AzureManagement")) &&
      !p.spec.applications.exclude.includes("AzureManagement") &&
      unconditional(p) &&
      (requiresMfa(p) || p.spec.grant?.block === true),
  );
  return ok ? [] : [atEnvironment(ctx, `No enabled policy requires MFA of all users for Azure management in environment '${ctx.view.environment.id}'.`)];
}
