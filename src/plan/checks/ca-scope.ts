import { at, blockOf, setDiff, show, showList, stringAt, stringsAt, unknownAt, type Values } from "./values";

/**
 * How the scope of a conditional access policy narrows between two versions: fewer users, applications, client
 * apps, platforms, locations, risk levels or authentication flows included, more excluded, a device or client
 * application filter added or changed. Each reason reads `what: before → after`. A narrower enabled policy protects
 * fewer sign-ins, whatever its controls.
 */
export function scopeNarrowing(before: Values, after: Values, afterUnknown: unknown, breakGlass: ReadonlySet<string>): string[] {
  return [
    ...usersNarrowing(before, after, afterUnknown, breakGlass),
    ...applicationsNarrowing(before, after, afterUnknown),
    ...conditionsNarrowing(before, after, afterUnknown),
  ];
}

interface ListSide {
  readonly values: string[];
  readonly unknown: boolean;
}

function side(values: Values, afterUnknown: unknown, path: string[], whenAbsent: string[] = []): ListSide {
  const list = stringsAt(values, ...path);
  return { values: list.length || at(values, ...path) !== undefined ? list : whenAbsent, unknown: unknownAt(afterUnknown, ...path) };
}

const pending = (s: ListSide) => (s.unknown ? " (some values known only after apply)" : "");

/** An inclusion that lost its "all" keyword or items it had. */
function inclusionNarrowed(label: string, b: ListSide, a: ListSide, all: string, ignore: readonly string[] = [], coveredByAll = false): string[] {
  if (coveredByAll || a.values.includes(all)) return [];
  const lost = b.values.includes(all) ? [all] : setDiff(b.values, a.values).removed.filter((x) => !ignore.includes(x));
  return lost.length ? [`${label} ${showList(b.values)} → ${showList(a.values)}${pending(a)}`] : [];
}

/** An exclusion that gained items (the break-glass accounts and group are always welcome there). */
function exclusionWidened(label: string, b: ListSide, a: ListSide, welcome: ReadonlySet<string> = new Set()): string[] {
  const gained = setDiff(b.values, a.values).added.filter((x) => !welcome.has(x.toLowerCase()));
  return gained.length || a.unknown ? [`${label} ${showList(b.values)} → ${showList(a.values)}${pending(a)}`] : [];
}

function usersNarrowing(before: Values, after: Values, u: unknown, breakGlass: ReadonlySet<string>): string[] {
  const p = ["conditions", "users"];
  const list = (v: Values, unknown: unknown, key: string) => side(v, unknown, [...p, key]);
  const allUsers = stringsAt(after, ...p, "included_users").includes("All");
  const out = [
    ...inclusionNarrowed("included users", list(before, {}, "included_users"), list(after, u, "included_users"), "All", ["None"]),
    ...inclusionNarrowed("included groups", list(before, {}, "included_groups"), list(after, u, "included_groups"), "All", [], allUsers),
    ...inclusionNarrowed("included roles", list(before, {}, "included_roles"), list(after, u, "included_roles"), "All", [], allUsers),
    ...exclusionWidened("excluded users", list(before, {}, "excluded_users"), list(after, u, "excluded_users"), breakGlass),
    ...exclusionWidened("excluded groups", list(before, {}, "excluded_groups"), list(after, u, "excluded_groups"), breakGlass),
    ...exclusionWidened("excluded roles", list(before, {}, "excluded_roles"), list(after, u, "excluded_roles")),
  ];
  const guests = (v: Values, unknown: unknown, key: string) => side(v, unknown, [...p, key, "guest_or_external_user_types"]);
  if (!allUsers)
    out.push(
      ...inclusionNarrowed(
        "included guest or external user types",
        guests(before, {}, "included_guests_or_external_users"),
        guests(after, u, "included_guests_or_external_users"),
        "(all)",
      ),
    );
  out.push(
    ...exclusionWidened(
      "excluded guest or external user types",
      guests(before, {}, "excluded_guests_or_external_users"),
      guests(after, u, "excluded_guests_or_external_users"),
    ),
  );
  const tenants = (v: Values) => stringAt(v, ...p, "included_guests_or_external_users", "external_tenants", "membership_kind");
  if (
    !allUsers &&
    tenants(before) === "all" &&
    stringsAt(after, ...p, "included_guests_or_external_users", "guest_or_external_user_types").length &&
    tenants(after) !== "all"
  ) {
    out.push(`external tenants of included guests all → ${show(at(after, ...p, "included_guests_or_external_users", "external_tenants"))}`);
  }
  return out;
}

function applicationsNarrowing(before: Values, after: Values, u: unknown): string[] {
  const apps = (v: Values, unknown: unknown, key: string) => side(v, unknown, ["conditions", "applications", key]);
  const sps = (v: Values, unknown: unknown, key: string) => side(v, unknown, ["conditions", "client_applications", key]);
  return [
    ...inclusionNarrowed("included applications", apps(before, {}, "included_applications"), apps(after, u, "included_applications"), "All", ["None"]),
    ...exclusionWidened("excluded applications", apps(before, {}, "excluded_applications"), apps(after, u, "excluded_applications")),
    ...inclusionNarrowed("included user actions", apps(before, {}, "included_user_actions"), apps(after, u, "included_user_actions"), "(all)"),
    ...inclusionNarrowed(
      "included service principals",
      sps(before, {}, "included_service_principals"),
      sps(after, u, "included_service_principals"),
      "ServicePrincipalsInMyTenant",
    ),
    ...exclusionWidened("excluded service principals", sps(before, {}, "excluded_service_principals"), sps(after, u, "excluded_service_principals")),
    ...filterNarrowing(
      "client application filter",
      at(before, "conditions", "client_applications", "filter"),
      at(after, "conditions", "client_applications", "filter"),
    ),
  ];
}

/** A condition list whose absence (or emptiness) means "any": client app types, platforms, locations, risk, flows. */
const ANY = "(any)";

function conditionsNarrowing(before: Values, after: Values, u: unknown): string[] {
  const c = (v: Values, unknown: unknown, ...path: string[]) => {
    const s = side(v, unknown, ["conditions", ...path]);
    return s.values.length ? s : { ...s, values: [ANY] };
  };
  const out = inclusionNarrowed("client app types", c(before, {}, "client_app_types"), c(after, u, "client_app_types"), "all");
  // An absent platforms or locations block covers every platform or location.
  const platforms = (v: Values, unknown: unknown) =>
    blockOf(at(v, "conditions", "platforms")) ? c(v, unknown, "platforms", "included_platforms") : { values: ["all"], unknown: false };
  out.push(...inclusionNarrowed("included platforms", platforms(before, {}), platforms(after, u), "all"));
  out.push(
    ...exclusionWidened(
      "excluded platforms",
      side(before, {}, ["conditions", "platforms", "excluded_platforms"]),
      side(after, u, ["conditions", "platforms", "excluded_platforms"]),
    ),
  );
  const locations = (v: Values, unknown: unknown) =>
    blockOf(at(v, "conditions", "locations")) ? c(v, unknown, "locations", "included_locations") : { values: ["All"], unknown: false };
  out.push(...inclusionNarrowed("included locations", locations(before, {}), locations(after, u), "All"));
  out.push(
    ...exclusionWidened(
      "excluded locations",
      side(before, {}, ["conditions", "locations", "excluded_locations"]),
      side(after, u, ["conditions", "locations", "excluded_locations"]),
    ),
  );
  for (const [key, label] of [
    ["sign_in_risk_levels", "sign-in risk levels"],
    ["user_risk_levels", "user risk levels"],
    ["service_principal_risk_levels", "service principal risk levels"],
    ["authentication_flow_transfer_methods", "authentication flows"],
  ] as const) {
    out.push(...inclusionNarrowed(label, c(before, {}, key), c(after, u, key), ANY));
  }
  const insiderBefore = stringAt(before, "conditions", "insider_risk_levels");
  const insiderAfter = stringAt(after, "conditions", "insider_risk_levels");
  if (insiderAfter !== insiderBefore && insiderAfter !== undefined) {
    out.push(`insider risk levels ${insiderBefore ?? ANY} → ${insiderAfter}${insiderBefore ? " (cannot rank: review)" : ""}`);
  }
  out.push(...filterNarrowing("device filter", at(before, "conditions", "devices", "filter"), at(after, "conditions", "devices", "filter")));
  return out;
}

/** A filter added narrows the policy; a changed filter cannot be ranked from its text. */
function filterNarrowing(label: string, before: unknown, after: unknown): string[] {
  const b = blockOf(before);
  const a = blockOf(after);
  if (!a || (b && b.mode === a.mode && b.rule === a.rule)) return [];
  const text = (f: Values) => `${String(f.mode)} ${show(f.rule)}`;
  return [b ? `${label} ${text(b)} → ${text(a)} (cannot rank: review)` : `${label} added: ${text(a)}`];
}
