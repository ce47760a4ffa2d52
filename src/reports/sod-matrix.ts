import type { SodAnalysis } from "../analysis/sod";
import type { RoleIncompatibilities } from "../analysis/sod-enforcement";
import { sodMatrix } from "../analysis/sod";
import { jsonText, mdCell } from "../escape";

/** The SoD matrix as Markdown: roles × roles, each cell the SoD rule IDs in conflict (only roles involved). */
export function sodMatrixMarkdown(analysis: SodAnalysis): string {
  const { roles, cells } = sodMatrix(analysis);
  if (roles.length === 0) return "# Segregation of duties\n\nNo business role is in conflict with another or with itself.\n";
  const lines = [
    "# Segregation of duties",
    "",
    `${analysis.conflicts.length} conflict(s) between ${roles.length} business role(s).`,
    "",
    `| Role | ${roles.map(mdCell).join(" | ")} |`,
    `|---|${roles.map(() => "---").join("|")}|`,
  ];
  const rules = (a: string, b: string) => (Object.hasOwn(cells, a) && Object.hasOwn(cells[a]!, b) ? cells[a]![b]! : []);
  for (const a of roles) lines.push(`| ${mdCell(a)} | ${roles.map((b) => mdCell(rules(a, b).join(", "))).join(" | ")} |`);
  lines.push("", "| SoD rule | Kind | Role | Other role | Sets | Detail |", "|---|---|---|---|---|---|");
  for (const c of analysis.conflicts)
    lines.push(
      `| ${mdCell(c.rule)} | ${mdCell(c.kind)} | ${mdCell(c.role)} | ${mdCell(c.otherRole ?? "")} | ${mdCell(c.sets.join(" vs "))} | ${mdCell(c.detail)} |`,
    );
  return lines.join("\n") + "\n";
}

export function sodMatrixJson(analysis: SodAnalysis): string {
  return jsonText({ ...sodMatrix(analysis), conflicts: analysis.conflicts }) + "\n";
}

// --- SoD enforcement ---
/** What Entra refuses when someone requests access (SoD rules with `enforcement: incompatible`), in plain words. */
export function sodEnforcementMarkdown(entries: readonly RoleIncompatibilities[]): string {
  if (entries.length === 0) return "## Enforced when someone requests access\n\nNo SoD rule is enforced at request time (every rule is report only).\n";
  const lines = [
    "## Enforced when someone requests access",
    "",
    "Entra refuses a request for the role's access package from anyone who holds one of the incompatible packages or is a member of one of the incompatible groups.",
    "",
    "| Access package of role | Incompatible with the packages of | Incompatible with the groups | SoD rules |",
    "|---|---|---|---|",
  ];
  for (const e of entries)
    lines.push(
      `| ${mdCell(e.role)} | ${mdCell(e.packages.join(", "))} | ${mdCell(e.groups.map((g) => (g.kind === "roleGroup" ? `role group of ${g.id}` : g.id)).join(", "))} | ${mdCell(e.rules.join(", "))} |`,
    );
  return lines.join("\n") + "\n";
}
// --- end SoD enforcement ---
