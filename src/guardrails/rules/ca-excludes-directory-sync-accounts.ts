import type { RuleContext, Violation } from "../types";
import { findDirectoryRole } from "../../model/directory-roles";
import { at, requiresMfa, state } from "../private/helpers";

/** Where users are synchronised from Active Directory, MFA policies for all users exclude the sync accounts' role. MT.1020 */
export function caExcludesDirectorySyncAccounts(ctx: RuleContext): Violation[] {
  if (!ctx.view.environment.spec.directorySync) return [];
  const sync = findDirectoryRole("Directory Synchronization Accounts").role!.templateId;
  return ctx.catalog.conditionalAccessPolicies
    .filter((p) => state(ctx, p) !== "disabled" && p.spec.users.include.all && requiresMfa(p))
    .filter((p) => !p.spec.users.exclude.roles.some((r) => findDirectoryRole(r).role?.templateId === sync))
    .map((p) =>
      at(
        p,
        "conditionalAccessPolicies",
        `Policy '${p.id}' requires MFA of all users but does not exclude the Directory Synchronization Accounts role; synchronisation would stop.`,
        ["users", "exclude"],
      ),
    );
}
