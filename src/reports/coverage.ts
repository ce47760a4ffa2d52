import type { Coverage, CoverageCell } from "../analysis/conditional-access/coverage";
import { csvTable, mdCell, mdCode, mdText } from "../escape";

const MARK = new Map([
  ["block", "⛔ block"],
  ["mfa", "🔐 MFA"],
  ["other-controls", "⚠️ controls without MFA"],
  ["undecided", "❔ depends on conditions idac cannot evaluate"],
  ["none", "❌ nothing"],
]);

/**
 * The coverage matrix as Markdown for a pull request comment: the gaps, the policies that apply to nobody, then one
 * table per persona (applications × client app types; a cell shows the weakest outcome over platforms and location
 * classes) with the outcome from each location class.
 */
export function coverageMarkdown(coverages: readonly Coverage[]): string {
  const lines = ["## Conditional access coverage", ""];
  for (const c of coverages) {
    lines.push(`### Environment ${mdText(c.environment)}`, "");
    if (c.gaps.length) {
      lines.push(`**${c.gaps.length} gap(s):**`, "", ...c.gaps.map((g) => `- ${mdText(g.kind)}: ${mdText(g.message)}`), "");
    } else lines.push("No gaps: every persona needs MFA or is blocked everywhere; break-glass is never blocked.", "");
    if (c.unapplied.length)
      lines.push(`**${c.unapplied.length} policy(ies) apply to no persona:**`, "", ...c.unapplied.map((u) => `- ${mdCode(u.policy)}: ${mdText(u.reason)}`), "");
    lines.push(`Location classes: ${c.locations.map((l) => `${mdCode(l.id)} (${mdText(l.label)})`).join(", ")}.`, "");
    const clients = [...new Set(c.cells.map((x) => x.client))];
    const byPersona = new Map<string, CoverageCell[]>();
    for (const x of c.cells) (byPersona.get(x.persona) ?? byPersona.set(x.persona, []).get(x.persona)!).push(x);
    for (const p of c.personas) {
      const mine = byPersona.get(p.id) ?? [];
      lines.push(`#### ${mdText(p.displayName)} (${mdCode(p.id)})`, "");
      if (p.derived && p.why) lines.push(`Derived from the policies: ${mdText(p.why)}.`, "");
      lines.push(
        `From each location class: ${c.locations.map((l) => `${mdCode(l.id)} ${fromClass(mine.filter((x) => x.location === l.id))}`).join(" · ")}`,
        "",
      );
      lines.push(`| Application | ${clients.map(mdCell).join(" | ")} |`, `|---|${clients.map(() => "---").join("|")}|`);
      for (const app of c.apps) {
        lines.push(`| ${mdCell(app)} | ${clients.map((cl) => MARK.get(weakest(mine.filter((x) => x.app === app && x.client === cl)))).join(" | ")} |`);
      }
      lines.push("");
    }
  }
  return lines.join("\n");
}

/** What a persona gets from one location class: blocked in every sign-in, or the weakest outcome of the others. */
function fromClass(cells: readonly CoverageCell[]): string {
  if (cells.length && cells.every((x) => x.enforced === "block")) return "⛔ blocked everywhere";
  return MARK.get(weakest(cells.filter((x) => x.enforced !== "block")))!;
}

/** Weakest outcome over cells: nothing < controls without MFA < undecided < MFA < block (for break-glass the strongest is what matters). */
function weakest(cells: readonly CoverageCell[]): string {
  const order = ["none", "other-controls", "undecided", "mfa", "block"];
  return cells.map((c) => c.enforced).sort((a, b) => order.indexOf(a) - order.indexOf(b))[0] ?? "none";
}

/** Every cell as RFC 4180 CSV. */
export function coverageCsv(coverages: readonly Coverage[]): string {
  return csvTable(
    ["environment", "persona", "application", "client", "platform", "location", "enforced", "if_report_only_enabled", "controls"],
    coverages.flatMap((c) =>
      c.cells.map((x) => [c.environment, x.persona, x.app, x.client, x.platform, x.location, x.enforced, x.ifReportOnlyEnabled, x.controls.join("; ")]),
    ),
  );
}

/** Cells whose outcome differs between two coverage computations (a change's effect). */
export function coverageDiff(
  before: readonly Coverage[],
  after: readonly Coverage[],
): { environment: string; persona: string; app: string; client: string; platform: string; location: string; before: string; after: string }[] {
  const key = (env: string, x: CoverageCell) => `${env}|${x.persona}|${x.app}|${x.client}|${x.platform}|${x.location}`;
  const old = new Map(before.flatMap((c) => c.cells.map((x) => [key(c.environment, x), x.enforced] as const)));
  const out = [];
  for (const c of after) {
    for (const x of c.cells) {
      const was = old.get(key(c.environment, x)) ?? "absent";
      if (was !== x.enforced)
        out.push({
          environment: c.environment,
          persona: x.persona,
          app: x.app,
          client: x.client,
          platform: x.platform,
          location: x.location,
          before: was,
          after: x.enforced,
        });
    }
  }
  return out;
}
