import { compares, finding, writes, type ChangeCheck, type GateContext, type PlannedChange } from "./change";
import { scopeNarrowing } from "./ca-scope";
import { grantWeakening } from "./ca-grant";
import { sessionLoosening } from "./ca-session";
import { at, boolAt, setDiff, showList, stringAt, stringsAt, type Values } from "./values";

const CA = "azuread_conditional_access_policy";
const REPORT_ONLY = "enabledForReportingButNotEnforced";

const enforced = (v: Values | undefined) => stringAt(v, "state") === "enabled";

/** Enabling a policy that did not run in report-only first (a new policy created enabled included). */
const caEnabledWithoutReportOnly: ChangeCheck = (change) => {
  if (change.type !== CA || !writes(change) || !enforced(change.after) || enforced(change.before) || stringAt(change.before, "state") === REPORT_ONLY)
    return [];
  return [
    finding(
      "enable-ca",
      change,
      `Enables ${change.what}` +
        `${change.action === "create" ? " as a new policy" : ` (was ${String(stringAt(change.before, "state"))})`}` +
        ` without it having run in report-only.`,
    ),
  ];
};

/** An enforced policy that stops enforcing: disabled, or back to report-only. */
const caStopsEnforcing: ChangeCheck = (change) => {
  if (change.type !== CA || !compares(change) || !enforced(change.before) || enforced(change.after)) return [];
  return [finding("weaken-ca", change, `Stops enforcing ${change.what}: state enabled → ${stringAt(change.after, "state") ?? "(known after apply)"}.`)];
};

/** Both versions of an enforced policy, when the change keeps it enforced. */
function enforcedPair(change: PlannedChange): { before: Values; after: Values } | undefined {
  return change.type === CA && compares(change) && enforced(change.before) && enforced(change.after) ? change : undefined;
}

const caScopeNarrowed: ChangeCheck = (change, ctx) => {
  const pair = enforcedPair(change);
  const reasons = pair ? scopeNarrowing(pair.before, pair.after, change.afterUnknown, allBreakGlass(ctx)) : [];
  return reasons.length ? [finding("weaken-ca", change, `Narrows enabled ${change.what}: ${reasons.join("; ")}.`)] : [];
};

const caGrantWeakened: ChangeCheck = (change) => {
  const pair = enforcedPair(change);
  const reasons = pair ? grantWeakening(pair.before, pair.after, change.afterUnknown) : [];
  return reasons.length ? [finding("weaken-ca", change, `Weakens the grant controls of enabled ${change.what}: ${reasons.join("; ")}.`)] : [];
};

const caSessionLoosened: ChangeCheck = (change) => {
  const pair = enforcedPair(change);
  const reasons = pair ? sessionLoosening(pair.before, pair.after) : [];
  return reasons.length ? [finding("weaken-ca", change, `Loosens the session controls of enabled ${change.what}: ${reasons.join("; ")}.`)] : [];
};

/** A custom authentication strength that accepts more method combinations weakens every policy requiring it. */
const strengthAllowsMore: ChangeCheck = (change) => {
  if (change.type !== "azuread_authentication_strength_policy" || !compares(change)) return [];
  const { added } = setDiff(stringsAt(change.before, "allowed_combinations"), stringsAt(change.after, "allowed_combinations"));
  if (!added.length) return [];
  return [
    finding(
      "weaken-ca",
      change,
      `Weakens ${change.what}: it now also accepts ${showList(added)} (allowed ` +
        `combinations ${showList(stringsAt(change.before, "allowed_combinations"))} → ` +
        `${showList(stringsAt(change.after, "allowed_combinations"))}).`,
    ),
  ];
};

/**
 * A named location that grows while an enabled policy of its stack excludes it (or trusts it, for `AllTrusted`), or
 * shrinks while an enabled policy includes it (a blocked-countries list losing a country).
 */
const namedLocationLoosens: ChangeCheck = (change, ctx) => {
  if (change.type !== "azuread_named_location" || !compares(change)) return [];
  const { before, after } = change;
  const values = (v: Values) => [
    ...stringsAt(v, "ip", "ip_ranges"),
    ...stringsAt(v, "country", "countries_and_regions"),
    ...(boolAt(v, "country", "include_unknown_countries_and_regions") ? ["(unknown countries)"] : []),
  ];
  const { added, removed } = setDiff(values(before), values(after));
  const becameTrusted = boolAt(before, "ip", "trusted") !== true && boolAt(after, "ip", "trusted") === true;
  const reasons: string[] = [];
  for (const policy of enforcedPoliciesOf(change.stack, ctx)) {
    const excludes = locationUse(change, policy, "excluded_locations", ctx);
    const includes = locationUse(change, policy, "included_locations", ctx);
    if (excludes && added.length) reasons.push(`excluded by ${policy} and gains ${showList(added)}`);
    if (includes && removed.length) reasons.push(`included by ${policy} and loses ${showList(removed)}`);
    const trusted = boolAt(after, "ip", "trusted") === true;
    if (
      trusted &&
      (becameTrusted || added.length) &&
      stringsAt(ctx.index.values({ stack: change.stack, address: policy }), "conditions", "locations", "excluded_locations").includes("AllTrusted")
    ) {
      reasons.push(
        becameTrusted ? `becomes trusted while ${policy} excludes AllTrusted` : `trusted, gains ${showList(added)} while ${policy} excludes AllTrusted`,
      );
    }
  }
  return reasons.length
    ? [finding("weaken-ca", change, `Widens what enabled policies let through with ${change.what}: ${[...new Set(reasons)].join("; ")}.`)]
    : [];
};

function enforcedPoliciesOf(stack: string, ctx: GateContext): string[] {
  return ctx.index.configAddresses(stack, CA).filter((a) => enforced(ctx.index.values({ stack, address: a })));
}

function locationUse(location: PlannedChange, policy: string, list: string, ctx: GateContext): boolean {
  const refs = ctx.index.expression(location.stack, policy, "conditions", "locations", list)?.references ?? [];
  if (refs.some((r) => r === location.address || r.startsWith(`${location.address}.`))) return true;
  const id = at(location.before, "object_id") ?? at(location.before, "id");
  return (
    typeof id === "string" &&
    stringsAt(ctx.index.values({ stack: location.stack, address: policy }), "conditions", "locations", list).some((x) => x.toLowerCase() === id.toLowerCase())
  );
}

function allBreakGlass(ctx: GateContext): Set<string> {
  return new Set([...ctx.breakGlass.accounts, ...ctx.breakGlass.groups]);
}

export const CONDITIONAL_ACCESS_CHECKS: readonly ChangeCheck[] = [
  caEnabledWithoutReportOnly,
  caStopsEnforcing,
  caScopeNarrowed,
  caGrantWeakened,
  caSessionLoosened,
  strengthAllowsMore,
  namedLocationLoosens,
];
