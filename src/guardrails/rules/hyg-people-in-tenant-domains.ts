import type { RuleContext, Violation } from "../types";
import { peopleOutsideDomains } from "../private/people";

/** Everybody else the catalog names by UPN (owners, members, approvers, reviewers, CA users, personas) is in the tenant's domains. */
export function hygPeopleInTenantDomains(ctx: RuleContext): Violation[] {
  return peopleOutsideDomains(ctx, "other");
}
