import { ENABLED_ACCOUNT_CLAUSE } from "../model/membership-rule";
import { termText } from "../escape";
import type { AccessSource, JmlResult, PersonAccess, PersonConflict, Person } from "../people";

const ENABLED = ENABLED_ACCOUNT_CLAUSE.slice(1, -1);

/** The clauses of a matched rule worth reading (the enabled-account clause holds for everybody with access). */
export function matchedClauses(source: AccessSource): string {
  return (source.clauses ?? []).filter((c) => c !== ENABLED).join(" and ");
}

/** `since … until …` of a source, or an empty string. */
export function period(s: { since?: string; until?: string }): string {
  return [s.since ? `since ${s.since}` : "", s.until ? `until ${s.until}` : ""].filter(Boolean).join(" ");
}

/** How an entitlement is obtained, in one phrase. */
export function obtained(s: AccessSource): string {
  switch (s.kind) {
    case "birthright":
      return `birthright role ${s.id} (${matchedClauses(s)})`;
    case "dynamic-group":
      return `dynamic group ${s.id} (${matchedClauses(s)})`;
    case "catalog-member":
      return `member of ${s.id} listed in the catalog`;
    case "request":
      return `requested role ${s.id}${s.since || s.until ? ` ${period(s)}` : ""}`;
    case "direct":
      return `direct member of ${s.id}${s.since || s.until ? ` ${period(s)}` : ""}`;
    case "eligible":
      return `eligible in PIM for ${s.id}${s.since || s.until ? ` ${period(s)}` : ""}`;
  }
}

export function personLine(p: Person): string {
  const hr = ["department", "jobTitle", "employeeType", "country"].map((a) => p.hr[a]).filter(Boolean).join(" · ");
  return `${p.displayName} <${p.upn}> · ${hr}${p.userType === "Guest" ? " · guest" : ""} · ${p.accountEnabled ? "enabled" : "disabled"}${p.employeeLeaveDateTime ? ` · leaves ${p.employeeLeaveDateTime}` : ""}`;
}

/** `idac access` for people reading a terminal: every line escaped. */
export function accessText(access: PersonAccess, policies: readonly { policy: string; requires: string; state: string }[], environment: string, conflicts: readonly PersonConflict[]): string {
  const lines: string[] = [personLine(access.person), ""];
  const section = (title: string, items: string[]) => {
    if (!items.length) return;
    lines.push(title, ...items.map((i) => `  ${i}`), "");
  };
  const sources = new Map<string, AccessSource>();
  for (const g of access.grants) sources.set(`${g.source.kind}|${g.source.id}`, g.source);
  const of = (kind: AccessSource["kind"]) => [...sources.values()].filter((s) => s.kind === kind);
  section("Birthright roles (follow the HR values at once):", of("birthright").map((s) => `${s.id}: ${matchedClauses(s)}`));
  section("Dynamic groups:", of("dynamic-group").map((s) => `${s.id}: ${matchedClauses(s)}`));
  section("Requested roles (access packages; kept until expiry or review):", of("request").map((s) => `${s.id} ${period(s) || "(no end date in the snapshot)"}`));
  section("Memberships of assigned groups:", [...of("direct").map((s) => `${s.id} (direct${s.since || s.until ? `, ${period(s)}` : ""})`), ...of("catalog-member").map((s) => `${s.id} (listed in the catalog)`)]);
  section("Eligible privileged roles (PIM):", of("eligible").map((s) => `${s.id} ${period(s) || "(no end date)"}`));
  const byEntitlement = new Map<string, string[]>();
  for (const g of access.grants) {
    const list = byEntitlement.get(g.entitlement) ?? [];
    list.push(g.source.kind === "birthright" || g.source.kind === "request" ? `${g.source.kind} ${g.source.id}` : g.source.kind === "dynamic-group" ? "dynamic rule" : g.source.kind);
    byEntitlement.set(g.entitlement, list);
  }
  section(`Entitlements (${byEntitlement.size}):`, [...byEntitlement].map(([e, via]) => `${e}  ← ${via.join(", ")}`));
  section("May request:", access.requestable.map((r) => `${r.role} (${r.because})`));
  section(`Conditional access in ${environment} (each under its own conditions: see idac whatif):`, policies.map((p) => `${p.policy}${p.state === "reportOnly" ? " [report-only]" : ""}: ${p.requires}`));
  section("Segregation of duties:", conflicts.map((c) => `${c.rule} (${c.severity}): holds '${c.sets[0]}' (${c.holds[0].map((h) => h.entitlement).join(", ")}) and '${c.sets[1]}' (${c.holds[1].map((h) => h.entitlement).join(", ")})`));
  return lines.map(termText).join("\n").replace(/\n+$/, "\n");
}

/** `idac jml` for people reading a terminal. */
export function jmlText(r: JmlResult, environment: string): string {
  const lines: string[] = [`${r.kind.toUpperCase()}: ${personLine(r.after.person)}`];
  for (const c of r.changed) lines.push(`  ${c.attribute}: ${c.from ?? "(none)"} → ${c.to ?? "(none)"}`);
  lines.push("");
  for (const status of ["gained", "lost", "retained"] as const) {
    const list = r.entitlements.filter((e) => e.status === status);
    if (!list.length) continue;
    lines.push(`${status[0]!.toUpperCase()}${status.slice(1)} (${list.length}):`);
    for (const e of list) lines.push(`  ${status === "gained" ? "+" : status === "lost" ? "-" : "="} ${e.entitlement}  ← ${e.sources.map((s) => (s.kind === "birthright" || s.kind === "request" || s.kind === "eligible" ? `${s.kind} ${s.id}` : s.kind === "dynamic-group" ? `dynamic group ${s.id}` : `${s.kind} ${s.id}`)).join(", ")}${e.because.length ? `  because ${e.because.join(" and ")}` : ""}`);
    lines.push("");
  }
  if (r.kind !== "join") {
    lines.push(r.residue.length ? `Residue: access that stays after the ${r.kind} until it ends or is removed (${r.residue.length}):` : `Residue: none; nothing stays after the ${r.kind}.`);
    for (const x of r.residue) {
      lines.push(`  ! ${obtained(x.source)}: ends ${x.ends}${x.requestableNow === false ? "; they could no longer request it" : ""}`);
      lines.push(`      ${x.entitlements.join(", ")}`);
    }
    lines.push("");
  }
  if (r.sod.length) {
    lines.push("Segregation of duties:");
    for (const s of r.sod) lines.push(`  ${s.status}: ${s.conflict.rule} (${s.conflict.severity}) '${s.conflict.sets[0]}' and '${s.conflict.sets[1]}'`);
  } else lines.push("Segregation of duties: no conflict before or after.");
  lines.push("");
  const before = new Set(r.policies.before);
  const after = new Set(r.policies.after);
  const gained = r.policies.after.filter((p) => !before.has(p));
  const left = r.policies.before.filter((p) => !after.has(p));
  lines.push(`Conditional access in ${environment}: ${r.policies.after.length} policies apply after${gained.length ? `; newly subject to ${gained.join(", ")}` : ""}${left.length ? `; leaves the scope of ${left.join(", ")}` : ""}${!gained.length && !left.length ? " (no change)" : ""}.`);
  if (r.responsibilities.length) {
    lines.push("", `Owns or approves (${r.responsibilities.length}): reassign before the account is disabled:`);
    for (const x of r.responsibilities) lines.push(`  ${x.as} of ${x.what} ${x.id}`);
  }
  return lines.map(termText).join("\n") + "\n";
}
