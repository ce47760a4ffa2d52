import type { RuleContext, Violation } from "../types";
import { atEnvironment } from "../private/helpers";

/** Every environment declares its tenant's verified domains, so UPNs can be checked against them. */
export function hygEnvironmentDeclaresDomains(ctx: RuleContext): Violation[] {
  const env = ctx.view.environment;
  return env.spec.domains
    ? []
    : [
        atEnvironment(
          ctx,
          `Environment '${env.id}' declares no domains, so idac cannot tell a UPN in a look-alike or foreign domain from one of the tenant's own.`,
        ),
      ];
}
