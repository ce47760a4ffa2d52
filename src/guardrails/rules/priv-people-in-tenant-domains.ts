import type { RuleContext, Violation } from "../types";
import { peopleOutsideDomains } from "../private/people";

/** People who own, hold, or approve privileged access are accounts of the tenant's own domains. */
export function privPeopleInTenantDomains(ctx: RuleContext): Violation[] {
  return peopleOutsideDomains(ctx, "privileged");
}
