import { stringify } from "csv-stringify/sync";
import type { Catalog } from "../../model/model";
import type { Table } from "./tables";

export interface ReportMeta {
  /** The git commit the catalog was read at (or "working tree"). */
  readonly commit: string;
  /** When the report was generated (ISO 8601). Left out of Markdown/CSV/JSON so `--at` reproduces them byte for byte. */
  readonly generatedAt: string;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Markdown: a table, and for the access matrix a Mermaid graph per business role (GitHub renders it). */
export function tableMarkdown(table: Table, catalog: Catalog): string {
  const lines = [`## ${table.title}`, "", table.description, "", `| ${table.columns.join(" | ")} |`, `|${table.columns.map(() => "---").join("|")}|`];
  for (const row of table.rows) lines.push(`| ${table.columns.map((c) => cell(row[c] ?? "")).join(" | ")} |`);
  lines.push("");
  if (table.kind === "access-matrix") {
    for (const role of catalog.businessRoles.filter((r) => r.effectiveGroups.length + r.effectiveAppRoles.length > 0)) {
      const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, "_");
      lines.push(`### ${role.spec.displayName} (\`${role.id}\`)`, "", "```mermaid", "graph LR");
      lines.push(`  ${id(role.id)}["${role.spec.displayName}"]`);
      for (const inc of role.spec.entitlements.roles) lines.push(`  ${id(role.id)} -->|includes| ${id(inc)}["${catalog.businessRoles.find((r) => r.id === inc)?.spec.displayName ?? inc}"]`);
      for (const g of role.effectiveGroups) lines.push(`  ${id(role.id)} -->|member of| ${id(`g_${g}`)}["${catalog.groups.find((x) => x.id === g)?.spec.displayName ?? g}"]`);
      for (const a of role.effectiveAppRoles) lines.push(`  ${id(role.id)} -->|app role| ${id(`a_${a.application}_${a.appRole}`)}["${a.application}: ${a.appRole}"]`);
      if (role.spec.assignment?.type === "request") lines.push(`  ${id(`p_${role.id}`)}(["access package in ${role.spec.assignment.catalog}"]) -->|grants| ${id(role.id)}`);
      lines.push("```", "");
    }
  }
  return lines.join("\n");
}

/** RFC 4180 CSV (CRLF line ends, quoting by the csv-stringify library). */
export function tableCsv(table: Table): string {
  return stringify(table.rows.map((r) => table.columns.map((c) => r[c] ?? "")), { header: true, columns: [...table.columns], record_delimiter: "\r\n" });
}

export function tablesJson(tables: readonly Table[], meta: Omit<ReportMeta, "generatedAt">): string {
  return JSON.stringify({ commit: meta.commit, reports: tables }, null, 2) + "\n";
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * One self-contained HTML file (no CDN, no external fetch): every table with a filter box and sortable columns,
 * the commit it was built from and when; readable when printed to PDF.
 */
export function evidenceHtml(tables: readonly Table[], meta: ReportMeta): string {
  const sections = tables
    .map(
      (t) => `<section id="${t.kind}">
<h2>${esc(t.title)}</h2>
<p>${esc(t.description)} <span class="count">${t.rows.length} row(s)</span></p>
<input class="filter" type="search" placeholder="Filter ${esc(t.title.toLowerCase())}…" aria-label="Filter ${esc(t.title)}" data-table="${t.kind}-table">
<table id="${t.kind}-table"><thead><tr>${t.columns.map((c, i) => `<th data-col="${i}" tabindex="0">${esc(c)}</th>`).join("")}</tr></thead>
<tbody>${t.rows.map((r) => `<tr>${t.columns.map((c) => `<td>${esc(r[c] ?? "")}</td>`).join("")}</tr>`).join("\n")}</tbody></table>
</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>idac evidence pack ${esc(meta.commit.slice(0, 12))}</title>
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
<p class="meta">Catalog at commit <code id="commit">${esc(meta.commit)}</code> · generated <time id="generated-at" datetime="${esc(meta.generatedAt)}">${esc(meta.generatedAt)}</time></p>
<nav>${tables.map((t) => `<a href="#${t.kind}">${esc(t.title)}</a>`).join("")}</nav>
${sections}
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
`;
}
