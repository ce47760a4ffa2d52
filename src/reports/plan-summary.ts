import { mdCell, mdCode, mdText } from "../escape";
import { SECTION_TITLE, SECTIONS } from "../plan/classify";
import type { Trip } from "../plan/gate";
import type { ChangeSummary, PlanSummary } from "../plan/summary";

const ICON = new Map([
  ["create", "➕ create"],
  ["update", "✏️ update"],
  ["delete", "🗑️ delete"],
  ["replace", "♻️ replace"],
  ["forget", "forget"],
]);

/**
 * The plan summary as Markdown for a pull request comment or `$GITHUB_STEP_SUMMARY`: plain tables and lists (no HTML
 * GitHub strips), sections in risk order, every change in catalog terms. Everything read from the plans (names,
 * IDs, attribute values, Terraform's reasons) is escaped, so it stays inside its line: only idac writes headings,
 * rows and the fingerprint comments the apply job reads.
 */
export function planSummaryMarkdown(summary: PlanSummary, trips: readonly Trip[] = []): string {
  const c = summary.counts;
  const lines = [
    "## idac plan review",
    "",
    `**Risk: ${summary.risk}** · ${c.create} to create, ${c.update} to update, ` +
      `${c.replace} to replace, ${c.delete} to delete · fingerprint \`` +
      `${summary.fingerprint.slice(0, 16)}\``,
    "",
  ];
  if (trips.length) {
    lines.push("### Needs explicit intent", "", "| Condition | Stack | What | Allowed by |", "|---|---|---|---|");
    for (const t of trips)
      lines.push(
        `| ${t.allowed ? "✅" : "⛔"} ${t.condition} | ${mdCell(t.stack)} | ${mdCell(t.message)} | \`--allow ${t.allowedBy}\` (label \`allow-${t.allowedBy}\`) |`,
      );
    lines.push("");
  }
  if (summary.changes.length === 0 && summary.moves.length === 0) lines.push("No changes.", "");
  for (const section of SECTIONS) {
    const list = summary.changes.filter((x) => x.section === section);
    if (!list.length) continue;
    lines.push(`### ${SECTION_TITLE[section]} (${list.length})`, "");
    for (const ch of list) lines.push(...changeLines(ch));
    lines.push("");
  }
  if (summary.moves.length) {
    lines.push(
      `### Moved between stacks (${summary.moves.length})`,
      "",
      "Each object is kept: forgotten in one stack's state and imported into another's.",
      "",
    );
    for (const m of summary.moves) lines.push(`- ${mdCode(m.address)}: ${mdText(m.from)} → ${mdText(m.to)}`);
    lines.push("");
  }
  if (summary.drift.length) {
    lines.push(`### Changed outside Terraform (${summary.drift.length})`, "");
    for (const d of summary.drift)
      lines.push(`- ${what(d)} in ${mdText(d.stack)}: ${d.action === "delete" ? "deleted outside Terraform" : "changed outside Terraform"}`);
    lines.push("");
  }
  // Read back by the apply job to check it applies exactly what was reviewed (HTML comments do not render).
  for (const [stack, hash] of Object.entries(summary.stackFingerprints)) lines.push(fingerprintComment(stack, hash));
  return lines.join("\n");
}

/**
 * `<!-- idac-fingerprint stack=prod-groups sha256=… -->`: a stack name is file-name text, so anything but letters,
 * digits, `.`, `_` and `-` is percent-encoded and cannot end the comment or add a field.
 */
function fingerprintComment(stack: string, sha256: string): string {
  const token = (s: string) =>
    s.replace(/[^A-Za-z0-9._-]/g, (ch) => encodeURIComponent(ch).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`));
  return `<!-- idac-fingerprint stack=${token(stack)} sha256=${token(sha256)} -->`;
}

/** "group `fin-ap-team` (FIN Accounts Payable)" */
function what(ch: ChangeSummary): string {
  return `${mdText(ch.kind)} ${mdCode(ch.catalogId)}${ch.displayName ? ` (${mdText(ch.displayName)})` : ""}`;
}

function changeLines(ch: ChangeSummary): string[] {
  const out = [`- **${ICON.get(ch.action) ?? mdText(ch.action)}** ${what(ch)} — ${mdText(ch.stack)}`];
  if (ch.action === "replace") {
    const paths = ch.replacedBecauseOf?.length ? ch.replacedBecauseOf.map((p) => mdCode(p)).join(", ") : "Terraform cannot update it in place";
    out.push(`  - replaced because ${paths} changes${ch.reason ? ` (${mdText(ch.reason)})` : ""}: it gets a new object ID`);
  }
  for (const a of ch.attributes.slice(0, 12)) out.push(`  - ${mdCode(a.attribute)}: ${short(a.before)} → ${short(a.after)}`);
  if (ch.attributes.length > 12) out.push(`  - … and ${ch.attributes.length - 12} more attributes`);
  return out;
}

function short(v: unknown): string {
  if (v === undefined || v === null) return "_none_";
  const text = JSON.stringify(v);
  return mdCode(text.length > 160 ? `${text.slice(0, 157)}...` : text);
}
