import type { RuleContext, Violation } from "../types";
import { peopleOutsideDomains } from "../private/people";

/** Approvers (primary, backup, escalation) of highly confidential access packages are accounts of the tenant's own domains. */
export function govSensitiveApproversInTenantDomains(ctx: RuleContext): Violation[] {
  return peopleOutsideDomains(ctx, "sensitiveApproval");
}
