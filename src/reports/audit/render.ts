import { csvTable, htmlAttr, htmlText, jsonText, mdCell, mdCode, mdText, mermaidId, mermaidLabel } from "../../escape";
import type { Catalog } from "../../model/model";
import type { Table } from "./tables";

export interface ReportMeta {
  /** The git commit the catalog was read at (or "working tree"). */
  readonly commit: string;
  /** When the report was generated (ISO 8601). Left out of Markdown/CSV/JSON so `--at` reproduces them byte for byte. */
  readonly generatedAt: string;
  /** What the evidence covers, in words (environments, HR snapshot). */
  readonly scope?: string;
}

/**
 * The opening summary of the evidence pack: scope, commit, the size of each table, and the open findings (not
 * suppressed) with their control IDs; then the tables; then a sign-off block for the reviewer.
 */
function openingSummary(tables: readonly Table[], meta: ReportMeta): string {
  const findings = tables.find((t) => t.kind === "findings");
  const open = findings ? findings.rows.filter((r) => r.suppressed === "no") : [];
  const items = [
    ...(meta.scope ? [`<li>Scope: ${htmlText(meta.scope)}</li>`] : []),
    `<li>Catalog at commit <code>${htmlText(meta.commit)}</code></li>`,
    ...tables.map((t) => `<li>${htmlText(t.title)}: ${t.rows.length} row(s)</li>`),
  ];
  const findingsList = findings
    ? open.length
      ? `<p>${open.length} open finding(s):</p><ul id="open-findings">` +
        open
          .map(
            (r) =>
              `<li><code>${htmlText(r.rule ?? "")}</code> [` +
              `${htmlText(r.controls || "no control ID")}] ` +
              `${htmlText(r.level ?? "")}: ` +
              `${htmlText(r.finding ?? "")}</li>`,
          )
          .join("") +
        `</ul>`
      : `<p id="open-findings">No open finding.</p>`
    : "";
  return `<section id="summary"><h2>Summary</h2><ul>${items.join("")}</ul>${findingsList}</section>`;
}

const SIGN_OFF =
  `<section id="sign-off"><h2>Review and sign-off</h2>
<p>I have reviewed this evidence and the exceptions it lists.</p>
<table><tbody><tr><th>Reviewer</th><td></td></tr><tr><th>Role</th><td></td></tr><tr><th>Da` +
  `te</th><td></td></tr><tr><th>Decision and remarks</th><td></td></tr><tr><th>Signature</th` +
  `><td></td></tr></tbody></table>
</section>`;

/** Markdown: a table, and for the access matrix a Mermaid graph per business role (GitHub renders it). */
export function tableMarkdown(table: Table, catalog: Catalog): string {
  const lines = [
    `## ${mdText(table.title)}`,
    "",
    mdText(table.description),
    "",
    `| ${table.columns.map(mdCell).join(" | ")} |`,
    `|${table.columns.map(() => "---").join("|")}|`,
  ];
  for (const row of table.rows) lines.push(`| ${table.columns.map((c) => mdCell(row[c] ?? "")).join(" | ")} |`);
  lines.push("");
  if (table.kind === "access-matrix") {
    for (const role of catalog.businessRoles.filter((r) => r.effectiveGroups.length + r.effectiveAppRoles.length > 0)) {
      // One prefix per kind, joined with "__": catalog IDs only ever become single underscores, so a role 'g-fin'
      // and a group 'fin' can never share a node.
      const id = (kind: "r" | "g" | "a" | "p", value: string) => `${kind}__${mermaidId(value)}`;
      lines.push(`### ${mdText(role.spec.displayName)} (${mdCode(role.id)})`, "", "```mermaid", "graph LR");
      lines.push(`  ${id("r", role.id)}[${mermaidLabel(role.spec.displayName)}]`);
      for (const inc of role.spec.entitlements.roles)
        lines.push(
          `  ${id("r", role.id)} -->|includes| ${id("r", inc)}[${mermaidLabel(catalog.businessRoles.find((r) => r.id === inc)?.spec.displayName ?? inc)}]`,
        );
      for (const g of role.effectiveGroups)
        lines.push(`  ${id("r", role.id)} -->|member of| ${id("g", g)}[${mermaidLabel(catalog.groups.find((x) => x.id === g)?.spec.displayName ?? g)}]`);
      for (const a of role.effectiveAppRoles)
        lines.push(`  ${id("r", role.id)} -->|app role| ${id("a", `${a.application}/${a.appRole}`)}[${mermaidLabel(`${a.application}: ${a.appRole}`)}]`);
      if (role.spec.assignment?.type === "request")
        lines.push(`  ${id("p", role.id)}([${mermaidLabel(`access package in ${role.spec.assignment.catalog}`)}]) -->|grants| ${id("r", role.id)}`);
      lines.push("```", "");
    }
  }
  return lines.join("\n");
}

/** RFC 4180 CSV (CRLF line ends, quoting by the csv-stringify library, formulas neutralised). */
export function tableCsv(table: Table): string {
  return csvTable(
    table.columns,
    table.rows.map((r) => table.columns.map((c) => r[c] ?? "")),
  );
}

export function tablesJson(tables: readonly Table[], meta: Omit<ReportMeta, "generatedAt">): string {
  return jsonText({ commit: meta.commit, reports: tables }) + "\n";
}

/**
 * One self-contained HTML file (no CDN, no external fetch): every table with a filter box and sortable columns,
 * the commit it was built from and when; readable when printed to PDF.
 */
export function evidenceHtml(tables: readonly Table[], meta: ReportMeta): string {
  const sections = tables
    .map(
      (t) =>
        `<section id="${htmlAttr(t.kind)}">
<h2>${htmlText(t.title)}</h2>
<p>${htmlText(t.description)} <span class="count">${t.rows.length} row(s)</span></p>
<input class="filter" type="search" placeholder="Filter ${htmlAttr(t.title.toLowerCase())}` +
        `…" aria-label="Filter ${htmlAttr(t.title)}" data-table="${htmlAttr(`${t.kind}-table`)}">
<table id="${htmlAttr(`${t.kind}-table`)}"><thead><tr>${t.columns.map((c, i) => `<th data-col="${i}" tabindex="0">${htmlText(c)}</th>`).join("")}</tr></thead>
<tbody>${t.rows.map((r) => `<tr>${t.columns.map((c) => `<td>${htmlText(r[c] ?? "")}</td>`).join("")}</tr>`).join("\n")}</tbody></table>
</section>`,
    )
    .join("\n");
  return (
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>idac evidence pack ${htmlText(meta.commit.slice(0, 12))}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1b1f24}
h1{margin-bottom:.2rem} .meta{color:#57606a;margin-top:0}
nav a{margin-right:1rem} table{border-collapse:collapse;width:100%;margin:.5rem 0 2rem;font-size:.85rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;cursor:pointer;user-select:none} th[aria-sort=ascending]::after{content:" ▲"} th[aria-sort=descending]::after{content:" ▼"}
.filter{width:20rem;padding:.3rem} .count{color:#57606a}
@media print{.filter,nav{display:none} th{cursor:auto} section{break-inside:auto} tr{break-inside:avoid}}
</style></head>
<body>
<h1>idac evidence pack</h1>
<p class="meta">Catalog at commit <code id="commit">${htmlText(meta.commit)}</code> · ` +
    `generated <time id="generated-at" datetime="${htmlAttr(meta.generatedAt)}">` +
    `${htmlText(meta.generatedAt)}</time></p>
<nav>${tables.map((t) => `<a href="#${htmlAttr(t.kind)}">${htmlText(t.title)}</a>`).join("")}</nav>
${openingSummary(tables, meta)}
${sections}
${SIGN_OFF}
<script>
"use strict";
for (const input of document.querySelectorAll("input.filter")) {
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    for (const row of document.getElementById(input.dataset.table).tBodies[0].rows) {
      const text = row.textContent.toLowerCase();
      row.hidden = !words.every((w) => text.includes(w));
    }
  });
}
for (const th of document.querySelectorAll("th[data-col]")) {
  const sort = () => {
    const table = th.closest("table");
    const col = Number(th.dataset.col);
    const asc = th.getAttribute("aria-sort") !== "ascending";
    for (const other of table.querySelectorAll("th")) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    const rows = [...table.tBodies[0].rows];
    rows.sort((a, b) => a.cells[col].textContent.localeCompare(b.cells[col].textContent, undefined, { numeric: true }) * (asc ? 1 : -1));
    table.tBodies[0].append(...rows);
  };
  th.addEventListener("click", sort);
  th.addEventListener("keydown", (e) => { if (e.key === "Enter") sort(); });
}
</script>
</body></html>
`
  );
}
