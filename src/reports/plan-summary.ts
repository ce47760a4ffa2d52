import { SECTION_TITLE, SECTIONS } from "../plan/classify";
import type { Trip } from "../plan/gate";
import type { ChangeSummary, PlanSummary } from "../plan/summary";

const ICON: Record<string, string> = { create: "➕ create", update: "✏️ update", delete: "🗑️ delete", replace: "♻️ replace", forget: "forget" };

/**
 * The plan summary as Markdown for a pull request comment or `$GITHUB_STEP_SUMMARY`: plain tables and lists (no HTML
 * GitHub strips), sections in risk order, every change in catalog terms.
 */
export function planSummaryMarkdown(summary: PlanSummary, trips: readonly Trip[] = []): string {
  const c = summary.counts;
  const lines = [
    "## idac plan review",
    "",
    `**Risk: ${summary.risk}** · ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to delete · fingerprint \`${summary.fingerprint.slice(0, 16)}\``,
    "",
  ];
  if (trips.length) {
    lines.push("### Needs explicit intent", "", "| Condition | Stack | What | Allowed by |", "|---|---|---|---|");
    for (const t of trips) lines.push(`| ${t.allowed ? "✅" : "⛔"} ${t.condition} | ${t.stack} | ${cell(t.message)} | \`--allow ${t.allowedBy}\` (label \`allow-${t.allowedBy}\`) |`);
    lines.push("");
  }
  if (summary.changes.length === 0) lines.push("No changes.", "");
  for (const section of SECTIONS) {
    const list = summary.changes.filter((x) => x.section === section);
    if (!list.length) continue;
    lines.push(`### ${SECTION_TITLE[section]} (${list.length})`, "");
    for (const ch of list) lines.push(...changeLines(ch));
    lines.push("");
  }
  if (summary.drift.length) {
    lines.push(`### Changed outside Terraform (${summary.drift.length})`, "");
    for (const d of summary.drift) lines.push(`- ${d.kind} \`${d.catalogId}\`${d.displayName ? ` (${d.displayName})` : ""} in ${d.stack}: ${d.action === "delete" ? "deleted outside Terraform" : "changed outside Terraform"}`);
    lines.push("");
  }
  // Read back by the apply job to check it applies exactly what was reviewed (HTML comments do not render).
  for (const [stack, hash] of Object.entries(summary.stackFingerprints)) lines.push(`<!-- idac-fingerprint stack=${stack} sha256=${hash} -->`);
  return lines.join("\n");
}

function changeLines(ch: ChangeSummary): string[] {
  const head = `- **${ICON[ch.action] ?? ch.action}** ${ch.kind} \`${ch.catalogId}\`${ch.displayName ? ` (${ch.displayName})` : ""} — ${ch.stack}`;
  const out = [head];
  if (ch.action === "replace") out.push(`  - replaced because ${ch.replacedBecauseOf?.length ? ch.replacedBecauseOf.map((p) => `\`${p}\``).join(", ") : "Terraform cannot update it in place"} changes${ch.reason ? ` (${ch.reason})` : ""}: it gets a new object ID`);
  for (const a of ch.attributes.slice(0, 12)) out.push(`  - \`${a.attribute}\`: ${short(a.before)} → ${short(a.after)}`);
  if (ch.attributes.length > 12) out.push(`  - … and ${ch.attributes.length - 12} more attributes`);
  return out;
}

function short(v: unknown): string {
  if (v === undefined || v === null) return "_none_";
  const text = JSON.stringify(v);
  return `\`${text.length > 160 ? `${text.slice(0, 157)}...` : text}\``;
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|");
}
