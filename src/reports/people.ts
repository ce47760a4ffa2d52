import { LIFECYCLE_TASK_DEFINITIONS } from "../model/graph/lifecycle-tasks";
import { ENABLED_ACCOUNT_CLAUSE } from "../model/membership-rule";
import { timingInWords } from "./audit/lifecycle-and-methods";
import { csvTable, mdCell, mdText, termText } from "../escape";
import type { AccessSource, Impact, JmlResult, PersonAccess, PersonConflict, Person } from "../people";

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
  const hr = ["department", "jobTitle", "employeeType", "country"]
    .map((a) => p.hr[a])
    .filter(Boolean)
    .join(" · ");
  return (
    `${p.displayName} <${p.upn}> · ${hr}${p.userType === "Guest" ? " · guest" : ""} ` +
    `· ${p.accountEnabled ? "enabled" : "disabled"}` +
    `${p.employeeLeaveDateTime ? ` · leaves ${p.employeeLeaveDateTime}` : ""}`
  );
}

/** `idac access` for people reading a terminal: every line escaped. */
export function accessText(
  access: PersonAccess,
  policies: readonly { policy: string; requires: string; state: string }[],
  environment: string,
  conflicts: readonly PersonConflict[],
): string {
  const lines: string[] = [personLine(access.person), ""];
  const section = (title: string, items: string[]) => {
    if (!items.length) return;
    lines.push(title, ...items.map((i) => `  ${i}`), "");
  };
  const sources = new Map<string, AccessSource>();
  for (const g of access.grants) sources.set(`${g.source.kind}|${g.source.id}`, g.source);
  const of = (kind: AccessSource["kind"]) => [...sources.values()].filter((s) => s.kind === kind);
  section(
    "Birthright roles (follow the HR values at once):",
    of("birthright").map((s) => `${s.id}: ${matchedClauses(s)}`),
  );
  section(
    "Dynamic groups:",
    of("dynamic-group").map((s) => `${s.id}: ${matchedClauses(s)}`),
  );
  section(
    "Requested roles (access packages; kept until expiry or review):",
    of("request").map((s) => `${s.id} ${period(s) || "(no end date in the snapshot)"}`),
  );
  section("Memberships of assigned groups:", [
    ...of("direct").map((s) => `${s.id} (direct${s.since || s.until ? `, ${period(s)}` : ""})`),
    ...of("catalog-member").map((s) => `${s.id} (listed in the catalog)`),
  ]);
  section(
    "Eligible privileged roles (PIM):",
    of("eligible").map((s) => `${s.id} ${period(s) || "(no end date)"}`),
  );
  const byEntitlement = new Map<string, string[]>();
  for (const g of access.grants) {
    const list = byEntitlement.get(g.entitlement) ?? [];
    list.push(
      g.source.kind === "birthright" || g.source.kind === "request"
        ? `${g.source.kind} ${g.source.id}`
        : g.source.kind === "dynamic-group"
          ? "dynamic rule"
          : g.source.kind,
    );
    byEntitlement.set(g.entitlement, list);
  }
  section(
    `Entitlements (${byEntitlement.size}):`,
    [...byEntitlement].map(([e, via]) => `${e}  ← ${via.join(", ")}`),
  );
  section(
    "May request:",
    access.requestable.map((r) => `${r.role} (${r.because})`),
  );
  section(
    `Conditional access in ${environment} (each under its own conditions: see idac whatif):`,
    policies.map((p) => `${p.policy}${p.state === "reportOnly" ? " [report-only]" : ""}: ${p.requires}`),
  );
  section(
    "Segregation of duties:",
    conflicts.map(
      (c) =>
        `${c.rule} (${c.severity}): holds '${c.sets[0]}' (` +
        `${c.holds[0].map((h) => h.entitlement).join(", ")}) and '${c.sets[1]}' (` +
        `${c.holds[1].map((h) => h.entitlement).join(", ")})`,
    ),
  );
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
    for (const e of list)
      lines.push(
        `  ${status === "gained" ? "+" : status === "lost" ? "-" : "="} ${e.entitlement}  ` +
          `← ` +
          e.sources
            .map((s) =>
              s.kind === "birthright" || s.kind === "request" || s.kind === "eligible"
                ? `${s.kind} ${s.id}`
                : s.kind === "dynamic-group"
                  ? `dynamic group ${s.id}`
                  : `${s.kind} ${s.id}`,
            )
            .join(", ") +
          `${e.because.length ? `  because ${e.because.join(" and ")}` : ""}`,
      );
    lines.push("");
  }
  if (r.kind !== "join") {
    lines.push(
      r.residue.length
        ? `Residue: access that stays after the ${r.kind} until it ends or is removed (${r.residue.length}):`
        : `Residue: none; nothing stays after the ${r.kind}.`,
    );
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
  // --- lifecycle workflows ---
  if (r.workflows.length) {
    lines.push(`Lifecycle workflows the ${r.kind} starts (${r.workflows.length}):`);
    for (const w of r.workflows)
      lines.push(`  ${w.id} (${w.category}, ${timingInWords(w.trigger)}): ${w.tasks.map((t) => LIFECYCLE_TASK_DEFINITIONS[t].displayName).join("; ")}`);
  } else lines.push(`Lifecycle workflows: none starts for this ${r.kind}.`);
  lines.push("");
  // --- end lifecycle workflows ---
  const before = new Set(r.policies.before);
  const after = new Set(r.policies.after);
  const gained = r.policies.after.filter((p) => !before.has(p));
  const left = r.policies.before.filter((p) => !after.has(p));
  lines.push(
    `Conditional access in ${environment}: ${r.policies.after.length} policies apply after` +
      `${gained.length ? `; newly subject to ${gained.join(", ")}` : ""}` +
      `${left.length ? `; leaves the scope of ${left.join(", ")}` : ""}` +
      `${!gained.length && !left.length ? " (no change)" : ""}.`,
  );
  if (r.responsibilities.length) {
    lines.push("", `Owns or approves (${r.responsibilities.length}): reassign before the account is disabled:`);
    for (const x of r.responsibilities) lines.push(`  ${x.as} of ${x.what} ${x.id}`);
  }
  return lines.map(termText).join("\n") + "\n";
}

/** People who hold both sides of an SoD rule now, as a Markdown section (values from the snapshot escaped). */
export function peopleSodMarkdown(conflicts: readonly PersonConflict[], people: number): string {
  const lines = ["## People holding both sides of a rule now", ""];
  if (!conflicts.length) return [...lines, `None of the ${people} people in the HR snapshot holds both sides of an SoD rule.`, ""].join("\n");
  lines.push(
    `${conflicts.length} conflict(s) among ${people} people, through birthright roles, current assignments, memberships and eligibility:`,
    "",
    "| Rule | Person | Holds | And holds |",
    "|---|---|---|---|",
  );
  const side = (name: string, held: PersonConflict["holds"][number]) => `${name}: ${[...new Set(held.map((h) => obtained(h.source)))].join("; ")}`;
  for (const c of conflicts) lines.push(`| ${[c.rule, c.upn, side(c.sets[0], c.holds[0]), side(c.sets[1], c.holds[1])].map(mdCell).join(" | ")} |`);
  return lines.join("\n") + "\n";
}

/** How people are named in impact output: their UPN, or a stable pseudonym. */
export type NameOf = (upn: string) => string;

const FIRST_NAMES = 5;

/** The impact of a change in people, as a Markdown section for the pull request (names escaped, or pseudonyms). */
export function impactMarkdown(impact: Impact, nameOf: NameOf, against: string): string {
  const lines = [`## People affected (against ${mdText(against)})`, ""];
  if (!impact.items.length) return [...lines, "No person in the HR snapshot gains or loses anything through this change.", ""].join("\n");
  lines.push(`${impact.peopleAffected} people affected.`, "", "| Changed | Effect | People | First |", "|---|---|---|---|");
  for (const item of impact.items)
    for (const [effect, upns] of item.people) {
      const first = upns.slice(0, FIRST_NAMES).map(nameOf).join(", ") + (upns.length > FIRST_NAMES ? ", …" : "");
      lines.push(`| ${[`${item.kind} ${item.id}`, effect, String(upns.length), first].map(mdCell).join(" | ")} |`);
    }
  return lines.join("\n") + "\n";
}

/** Every affected person, one row per item and effect (CSV, formula prefixes escaped). */
export function impactCsv(impact: Impact, nameOf: NameOf): string {
  const rows: string[][] = [];
  for (const item of impact.items) for (const [effect, upns] of item.people) for (const u of upns) rows.push([item.kind, item.id, effect, nameOf(u)]);
  return csvTable(["kind", "id", "effect", "person"], rows);
}

/** `idac impact` for a terminal. */
export function impactText(impact: Impact, nameOf: NameOf, against: string): string {
  const lines = [`People affected against ${against}: ${impact.peopleAffected}`];
  for (const item of impact.items)
    for (const [effect, upns] of item.people)
      lines.push(
        `  ${item.kind} ${item.id}: ${upns.length} ${effect}: ${upns.slice(0, FIRST_NAMES).map(nameOf).join(", ")}${upns.length > FIRST_NAMES ? ", …" : ""}`,
      );
  return lines.map(termText).join("\n") + "\n";
}
