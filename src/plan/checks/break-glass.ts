import { finding, writes, type BreakGlassIds, type ChangeCheck, type Finding, type PlannedChange } from "./change";
import { at, idSet, isValues, show, showList, stringAt, stringsAt, unknownAt } from "./values";

const CA = "azuread_conditional_access_policy";
const USERS = ["conditions", "users"] as const;

function noun(id: string, bg: BreakGlassIds): string {
  return bg.accounts.has(id) ? `break-glass account ${id}` : `break-glass group ${id}`;
}

/**
 * Every conditional access policy that is not disabled excludes every break-glass account (in `excluded_users`) or
 * the break-glass group (in `excluded_groups`), read as attributes of the planned policy; a value known only after
 * apply cannot be verified and counts as missing. And no policy includes a break-glass account or group.
 */
const caLeavesBreakGlassOut: ChangeCheck = (change, ctx) => {
  const bg = ctx.breakGlass;
  if (change.type !== CA || !writes(change) || stringAt(change.after, "state") === "disabled" || bg.accounts.size + bg.groups.size === 0) return [];
  const out: Finding[] = [];
  const excludedUsers = idSet(stringsAt(change.after, ...USERS, "excluded_users"));
  const excludedGroups = idSet(stringsAt(change.after, ...USERS, "excluded_groups"));
  const missing = [...bg.accounts].filter((a) => !excludedUsers.has(a));
  const groupExcluded = [...bg.groups].some((g) => excludedGroups.has(g));
  if (missing.length && !groupExcluded) {
    const unknown = ["excluded_users", "excluded_groups"].some((k) => unknownAt(change.afterUnknown, ...USERS, k)) || change.after === undefined;
    const was = change.before
      ? `excluded users ${showList(stringsAt(change.before, ...USERS, "excluded_users"))} ` +
        `→ ${showList(stringsAt(change.after, ...USERS, "excluded_users"))}, excluded groups ` +
        `${showList(stringsAt(change.before, ...USERS, "excluded_groups"))} → ` +
        `${showList(stringsAt(change.after, ...USERS, "excluded_groups"))}`
      : `excluded users ${showList(stringsAt(change.after, ...USERS, "excluded_users"))}, ` +
        `excluded groups ${showList(stringsAt(change.after, ...USERS, "excluded_groups"))}`;
    const what = unknown ? "cannot be verified to exclude" : "does not exclude";
    out.push(
      finding(
        "break-glass",
        change,
        `${change.what} (state ${stringAt(change.after, "state") ?? "known after apply"}) ` +
          `${what} the break-glass accounts ${showList(missing)}` +
          `${bg.groups.size ? ` nor the break-glass group ${showList([...bg.groups])}` : ""}: ${was}` +
          `${unknown ? " (known only after apply)" : ""}.`,
      ),
    );
  }
  for (const key of ["included_users", "included_groups"]) {
    const included = stringsAt(change.after, ...USERS, key).filter((id) => bg.accounts.has(id.toLowerCase()) || bg.groups.has(id.toLowerCase()));
    for (const id of included)
      out.push(
        finding(
          "break-glass",
          change,
          `${change.what} includes ${noun(id.toLowerCase(), bg)} in ` +
            `${key.replace("_", " ")}: the policy applies to the emergency access it must never lock ` +
            `out.`,
        ),
      );
  }
  return out;
};

/** `path` → break-glass IDs found in string values under it (list indices dropped: sets reorder). */
function occurrences(
  value: unknown,
  ids: readonly string[],
  skip: (path: string) => boolean,
  path = "",
  out = new Map<string, Set<string>>(),
): Map<string, Set<string>> {
  if (skip(path)) return out;
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    for (const id of ids) if (lower.includes(id)) out.set(path, (out.get(path) ?? new Set()).add(id));
  } else if (Array.isArray(value)) {
    for (const v of value) occurrences(v, ids, skip, path, out);
  } else if (isValues(value)) {
    for (const [k, v] of Object.entries(value)) occurrences(v, ids, skip, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/**
 * A break-glass ID added to or removed from any attribute of any other resource (group members or owners, PIM
 * principals and approvers, role assignment principals …), found by walking the attribute values before and after.
 * idac never manages break-glass objects, so every such change needs intent. Conditional access exclusions are
 * checked above.
 */
const breakGlassUntouched: ChangeCheck = (change, ctx) => {
  const ids = [...ctx.breakGlass.accounts, ...ctx.breakGlass.groups];
  if (!ids.length || change.action === "no-op" || change.action === "read" || change.action === "forget") return [];
  const skip = (path: string) => change.type === CA && path.startsWith("conditions.users");
  const before = occurrences(change.before, ids, skip);
  const after = occurrences(change.after, ids, skip);
  const out: Finding[] = [];
  for (const [path, found] of after)
    for (const id of found)
      if (!before.get(path)?.has(id)) out.push(finding("break-glass", change, `${capital(noun(id, ctx.breakGlass))} is added to ${path} of ${change.what}.`));
  for (const [path, found] of before) {
    for (const id of found) {
      if (after.get(path)?.has(id)) continue;
      out.push(
        finding(
          "break-glass",
          change,
          `${capital(noun(id, ctx.breakGlass))} is removed from ${path} of ${change.what}` +
            `${change.action === "delete" ? " (the resource is deleted)" : ` (now ${show(valueAt(change, path))})`}` +
            `.`,
        ),
      );
    }
  }
  return out;
};

function valueAt(change: PlannedChange, path: string): unknown {
  return at(change.after, ...path.split("."));
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const BREAK_GLASS_CHECKS: readonly ChangeCheck[] = [caLeavesBreakGlassOut, breakGlassUntouched];
