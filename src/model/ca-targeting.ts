import type { ConditionalAccessPolicySpec, EnvironmentSpec } from "../schema/catalog";

/**
 * The break-glass accounts (lower case, sorted) and group a policy excludes in an environment: the environment's,
 * unless the policy opts out with `excludeBreakGlass: false` (a guardrail finding). The constructs write them to
 * Terraform and the brownfield expected tenant to Graph's shape, so both exclude exactly the same.
 */
export function breakGlassExclusions(
  spec: Pick<ConditionalAccessPolicySpec, "excludeBreakGlass">,
  bg: EnvironmentSpec["breakGlass"],
): { accounts: string[]; group?: string } {
  if (!spec.excludeBreakGlass) return { accounts: [] };
  return { accounts: bg.accounts.map((a) => a.toLowerCase()).sort(), ...(bg.group ? { group: bg.group.toLowerCase() } : {}) };
}

/**
 * The legacy keyword Entra keeps among a policy's includeUsers and excludeUsers for every guest and external user.
 * @see https://learn.microsoft.com/graph/api/resources/conditionalaccessusers
 */
export const LEGACY_GUESTS_KEYWORD = "GuestsOrExternalUsers";

/** Whether a policy's users.include names anybody; a policy that names nobody is written with includeUsers None. */
export function includesSomebody(include: ConditionalAccessPolicySpec["users"]["include"]): boolean {
  return (
    include.all ||
    include.legacyGuestsOrExternalUsers === true ||
    include.users.length + include.groups.length + include.roles.length + include.guestsOrExternalUsers.length > 0
  );
}
