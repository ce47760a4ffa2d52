import type { Coverage, CoverageCell } from "../analysis/conditional-access/coverage";
import { csvTableChunks, jsonTextChunks, mdCell, mdCode, mdText } from "../escape";

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
    const byPersona = cellsBy(c.cells, (x) => x.persona);
    for (const p of c.personas) {
      const mine = byPersona.get(p.id) ?? [];
      const byLocation = cellsBy(mine, (x) => x.location);
      const byRow = cellsBy(mine, (x) => `${x.app}\u0000${x.client}`);
      lines.push(`#### ${mdText(p.displayName)} (${mdCode(p.id)})`, "");
      if (p.derived && p.why) lines.push(`Derived from the policies: ${mdText(p.why)}.`, "");
      lines.push(`From each location class: ${c.locations.map((l) => `${mdCode(l.id)} ${fromClass(byLocation.get(l.id) ?? [])}`).join(" · ")}`, "");
      lines.push(`| Application | ${clients.map(mdCell).join(" | ")} |`, `|---|${clients.map(() => "---").join("|")}|`);
      for (const app of c.apps) {
        lines.push(`| ${mdCell(app)} | ${clients.map((cl) => MARK.get(weakest(byRow.get(`${app}\u0000${cl}`) ?? []))).join(" | ")} |`);
      }
      lines.push("");
    }
  }
  return lines.join("\n");
}

/** Cells by a key, each group in matrix order: the renderers look cells up by persona, application and client. */
export function cellsBy(cells: readonly CoverageCell[], key: (x: CoverageCell) => string): Map<string, CoverageCell[]> {
  const groups = new Map<string, CoverageCell[]>();
  for (const x of cells) {
    const k = key(x);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(x);
  }
  return groups;
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

/**
 * The coverage as JSON, in pieces: a matrix has a cell per persona, application, client, platform and location class,
 * and an enterprise catalog's text is longer than a JavaScript string can be. Joined, the pieces are the JSON of
 * `coverages` and a line break.
 */
export function* coverageJson(coverages: readonly Coverage[]): Generator<string> {
  yield* jsonTextChunks(coverages);
  yield "\n";
}

/** Every cell as RFC 4180 CSV. For a large matrix, {@link coverageCsvChunks} writes the same text in pieces. */
export function coverageCsv(coverages: readonly Coverage[]): string {
  return [...coverageCsvChunks(coverages)].join("");
}

/** Every cell (or, with `only`, the cells it holds) as RFC 4180 CSV, in pieces of a thousand rows. */
export function coverageCsvChunks(coverages: readonly Coverage[], only?: (environment: string, cell: CoverageCell) => boolean): Generator<string> {
  return csvTableChunks(
    ["environment", "persona", "application", "client", "platform", "location", "enforced", "if_report_only_enabled", "controls"],
    csvRows(coverages, only),
  );
}

function* csvRows(coverages: readonly Coverage[], only?: (environment: string, cell: CoverageCell) => boolean): Generator<string[]> {
  for (const c of coverages)
    for (const x of c.cells)
      if (!only || only(c.environment, x))
        yield [c.environment, x.persona, x.app, x.client, x.platform, x.location, x.enforced, x.ifReportOnlyEnabled, x.controls.join("; ")];
}

/** A sign-in's outcome before and after a change, in one environment. */
export interface CoverageChange {
  readonly environment: string;
  readonly persona: string;
  readonly app: string;
  readonly client: string;
  readonly platform: string;
  readonly location: string;
  readonly before: string;
  readonly after: string;
}

interface CellPlace {
  readonly persona: string;
  readonly app: string;
  readonly client: string;
  readonly platform: string;
  readonly location: string;
}

const placeKey = (environment: string, x: CellPlace) => `${environment}|${x.persona}|${x.app}|${x.client}|${x.platform}|${x.location}`;

/** Cells whose outcome differs between two coverage computations (a change's effect). */
export function coverageDiff(before: readonly Coverage[], after: readonly Coverage[]): CoverageChange[] {
  const old = new Map<string, string>();
  for (const c of before) for (const x of c.cells) old.set(placeKey(c.environment, x), x.enforced);
  const out = [];
  for (const c of after) {
    for (const x of c.cells) {
      const was = old.get(placeKey(c.environment, x)) ?? "absent";
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

/** Whether a cell is one of the changed ones: to write only those (`coverageCsvChunks(coverages, isChanged(changed))`). */
export function isChanged(changed: readonly CoverageChange[]): (environment: string, cell: CoverageCell) => boolean {
  const keys = new Set(changed.map((d) => placeKey(d.environment, d)));
  return (environment, cell) => keys.has(placeKey(environment, cell));
}

/** The changes against a base revision as JSON (`{ base, changed }` and a line break), in pieces. */
export function* coverageChangesJson(base: string, changed: readonly CoverageChange[]): Generator<string> {
  yield* jsonTextChunks({ base, changed });
  yield "\n";
}

/** The changes against a base revision as Markdown: how many, then a table with a row per changed sign-in, in pieces. */
export function* coverageChangesMarkdown(base: string, changed: readonly CoverageChange[], rowsPerChunk = 1000): Generator<string> {
  yield `## Conditional access coverage changes against ${mdText(base)}\n\n`;
  if (!changed.length) {
    yield "No sign-in outcome changes.\n\n";
    return;
  }
  yield `${changed.length} sign-in outcome(s) change:\n\n`;
  yield "| Environment | Persona | Application | Client | Platform | Location | Before | After |\n|---|---|---|---|---|---|---|---|\n";
  for (let i = 0; i < changed.length; i += rowsPerChunk)
    yield changed
      .slice(i, i + rowsPerChunk)
      .map((d) => `| ${[d.environment, d.persona, d.app, d.client, d.platform, d.location, d.before, d.after].map(mdCell).join(" | ")} |\n`)
      .join("");
}
