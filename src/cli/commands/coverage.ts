import { coverageMatrix } from "../../analysis/conditional-access/coverage";
import { evaluate, type SignIn } from "../../analysis/conditional-access/evaluate";
import { resolvePersonas } from "../../analysis/conditional-access/personas";
import { jsonText, mdCell, mdText, termText } from "../../escape";
import { loadCatalogFilesAt } from "../../load/git";
import { environmentView } from "../../model/environment";
import type { Catalog } from "../../model/model";
import { fromFiles } from "../../resolve/load-catalog";
import { coverageCsv, coverageDiff, coverageMarkdown } from "../../reports/coverage";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { catalogOrReport, revisionOrReport } from "./private/catalog";

export interface CoverageOptions {
  readonly catalog: string;
  readonly format: "md" | "csv" | "json";
  readonly environments?: readonly string[];
  /** Show only the cells whose outcome differs from the catalog at this git revision. */
  readonly base?: string;
}

function coverages(catalog: Catalog, envs?: readonly string[]) {
  return catalog.environments.filter((e) => !envs || envs.includes(e.id)).map((e) => coverageMatrix(environmentView(catalog, e.id)));
}

/** `idac coverage`: personas × applications × clients × platforms, and gaps; with --base, the cells a change alters. */
export async function runCoverage(options: CoverageOptions, out: Output = processOutput): Promise<ExitCode> {
  const baseCommit = options.base !== undefined ? await revisionOrReport(options.catalog, options.base, "--base", out) : undefined;
  if (options.base !== undefined && !baseCommit) return EXIT.invalidInput;
  const catalog = await catalogOrReport(options.catalog, out);
  if (!catalog) return EXIT.invalidInput;
  const now = coverages(catalog, options.environments);
  if (options.base !== undefined && baseCommit) {
    const files = await loadCatalogFilesAt(options.catalog, baseCommit);
    const base = files && files.files.length ? fromFiles(files).catalog : undefined;
    const changed = coverageDiff(base ? coverages(base, options.environments) : [], now);
    if (options.format === "json") out.stdout(jsonText({ base: options.base, changed }) + "\n");
    else if (options.format === "csv") out.stdout(coverageCsv(now.map((c) => ({ ...c, cells: c.cells.filter((x) => changed.some((d) => d.environment === c.environment && d.persona === x.persona && d.app === x.app && d.client === x.client && d.platform === x.platform && d.location === x.location)) }))));
    else {
      const lines = [`## Conditional access coverage changes against ${mdText(options.base)}`, "", changed.length ? `${changed.length} sign-in outcome(s) change:` : "No sign-in outcome changes.", ""];
      if (changed.length) lines.push("| Environment | Persona | Application | Client | Platform | Location | Before | After |", "|---|---|---|---|---|---|---|---|", ...changed.map((d) => `| ${[d.environment, d.persona, d.app, d.client, d.platform, d.location, d.before, d.after].map(mdCell).join(" | ")} |`));
      out.stdout(lines.join("\n") + "\n");
    }
    return EXIT.ok;
  }
  out.stdout(options.format === "json" ? jsonText(now) + "\n" : options.format === "csv" ? coverageCsv(now) : coverageMarkdown(now));
  return EXIT.ok;
}

export interface WhatIfOptions {
  readonly catalog: string;
  readonly environment?: string;
  readonly persona: string;
  readonly signIn: SignIn;
  readonly format: "human" | "json";
}

/** `idac whatif`: the decision for one sign-in, with each policy's reason. */
export async function runWhatIf(options: WhatIfOptions, out: Output = processOutput): Promise<ExitCode> {
  const catalog = await catalogOrReport(options.catalog, out);
  if (!catalog) return EXIT.invalidInput;
  const env = options.environment ?? catalog.environments[catalog.environments.length - 1]!.id;
  if (!catalog.environments.some((e) => e.id === env)) {
    out.stderr(`Unknown environment '${termText(env)}'. Known: ${catalog.environments.map((e) => e.id).join(", ")}.\n`);
    return EXIT.invalidInput;
  }
  const view = environmentView(catalog, env);
  const personas = resolvePersonas(view);
  const persona = personas.find((p) => p.id === options.persona);
  if (!persona) {
    out.stderr(`Unknown persona '${termText(options.persona)}'. Known: ${personas.map((p) => p.id).join(", ")}.\n`);
    return EXIT.invalidInput;
  }
  const d = evaluate(view, persona.principal, options.signIn);
  if (options.format === "json") {
    out.stdout(jsonText({ environment: env, persona: persona.id, signIn: options.signIn, ...d }) + "\n");
    return EXIT.ok;
  }
  const verdict = (o: typeof d.enforced) => (o.blocked ? "BLOCKED" : o.requirements.length ? `allowed with ${o.requirements.map((r) => `${r.controls.join(` ${r.operator} `)} (${r.policy})`).join(" and ")}` : "allowed with no control");
  out.stdout(termText(`${persona.displayName} → ${options.signIn.app} from ${options.signIn.client} on ${options.signIn.platform} in ${env}: ${verdict(d.enforced)}`) + "\n");
  out.stdout(`If report-only policies were enabled: ${termText(verdict(d.ifReportOnlyEnabled))}\n\n`);
  for (const p of d.policies) out.stdout(`  ${p.applies ? "✔" : "·"} ${termText(`${p.policy} [${p.state}] ${p.reason}`)}\n`);
  return EXIT.ok;
}
