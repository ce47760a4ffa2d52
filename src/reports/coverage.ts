import type { Coverage, CoverageCell } from "../analysis/conditional-access/coverage";
import { csvTable, mdCell, mdCode, mdText } from "../escape";

const MARK = new Map([
  ["block", "⛔ block"],
  ["mfa", "🔐 MFA"],
  ["other-controls", "⚠️ controls without MFA"],
  ["none", "❌ nothing"],
]);

/**
 * The coverage matrix as Markdown for a pull request comment: one table per persona (applications × client app
 * types), summarising platforms (a cell shows the weakest outcome over all platforms), then the gaps.
 */
export function coverageMarkdown(coverages: readonly Coverage[]): string {
  const lines = ["## Conditional access coverage", ""];
  for (const c of coverages) {
    lines.push(`### Environment ${mdText(c.environment)}`, "");
    if (c.gaps.length) {
      lines.push(`**${c.gaps.length} gap(s):**`, "", ...c.gaps.map((g) => `- ${mdText(g.kind)}: ${mdText(g.message)}`), "");
    } else lines.push("No gaps: every persona needs MFA or is blocked everywhere; break-glass is never blocked.", "");
    const clients = [...new Set(c.cells.map((x) => x.client))];
    for (const p of c.personas) {
      lines.push(`#### ${mdText(p.displayName)} (${mdCode(p.id)})`, "", `| Application | ${clients.map(mdCell).join(" | ")} |`, `|---|${clients.map(() => "---").join("|")}|`);
      for (const app of c.apps) {
        lines.push(`| ${mdCell(app)} | ${clients.map((cl) => MARK.get(weakest(c.cells.filter((x) => x.persona === p.id && x.app === app && x.client === cl)))).join(" | ")} |`);
      }
      lines.push("");
    }
  }
  return lines.join("\n");
}

/** Weakest outcome over cells: nothing < controls without MFA < MFA < block (for break-glass the strongest is what matters). */
function weakest(cells: readonly CoverageCell[]): string {
  const order = ["none", "other-controls", "mfa", "block"];
  return cells.map((c) => c.enforced).sort((a, b) => order.indexOf(a) - order.indexOf(b))[0] ?? "none";
}

/** Every cell as RFC 4180 CSV. */
export function coverageCsv(coverages: readonly Coverage[]): string {
  return csvTable(
    ["environment", "persona", "application", "client", "platform", "enforced", "if_report_only_enabled", "controls"],
    coverages.flatMap((c) => c.cells.map((x) => [c.environment, x.persona, x.app, x.client, x.platform, x.enforced, x.ifReportOnlyEnabled, x.controls.join("; ")])),
  );
}

/** Cells whose outcome differs between two coverage computations (a change's effect). */
export function coverageDiff(before: readonly Coverage[], after: readonly Coverage[]): { environment: string; persona: string; app: string; client: string; platform: string; before: string; after: string }[] {
  const key = (env: string, x: CoverageCell) => `${env}|${x.persona}|${x.app}|${x.client}|${x.platform}`;
  const old = new Map(before.flatMap((c) => c.cells.map((x) => [key(c.environment, x), x.enforced] as const)));
  const out = [];
  for (const c of after) {
    for (const x of c.cells) {
      const was = old.get(key(c.environment, x)) ?? "absent";
      if (was !== x.enforced) out.push({ environment: c.environment, persona: x.persona, app: x.app, client: x.client, platform: x.platform, before: was, after: x.enforced });
    }
  }
  return out;
}
