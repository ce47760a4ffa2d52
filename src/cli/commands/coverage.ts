import { coverageMatrix } from "../../analysis/conditional-access/coverage";
import { evaluate, type Outcome, type SignIn } from "../../analysis/conditional-access/evaluate";
import { resolveApp, resolveLocation, type InputProblem } from "../../analysis/conditional-access/sign-in-inputs";
import { didYouMean } from "../../errors/suggest";
import { resolvePersonas } from "../../analysis/conditional-access/personas";
import { jsonText, termText } from "../../escape";
import { loadCatalogFilesAt } from "../../load/git";
import { environmentView } from "../../model/environment";
import type { Catalog } from "../../model/model";
import { fromFiles } from "../../resolve/load-catalog";
import {
  coverageChangesJson,
  coverageChangesMarkdown,
  coverageCsvChunks,
  coverageDiff,
  coverageJson,
  coverageMarkdown,
  isChanged,
} from "../../reports/coverage";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, writeChunks, type Output } from "../render";
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
    await writeChunks(
      out,
      options.format === "json"
        ? coverageChangesJson(options.base, changed)
        : options.format === "csv"
          ? coverageCsvChunks(now, isChanged(changed))
          : coverageChangesMarkdown(options.base, changed),
    );
    return EXIT.ok;
  }
  // A matrix has a cell per persona, application, client, platform and location class: JSON and CSV are written in
  // pieces, as an enterprise catalog's are longer than a JavaScript string can be.
  await writeChunks(out, options.format === "json" ? coverageJson(now) : options.format === "csv" ? coverageCsvChunks(now) : [coverageMarkdown(now)]);
  return EXIT.ok;
}

export interface WhatIfOptions {
  readonly catalog: string;
  readonly environment?: string;
  readonly persona: string;
  /**
   * The sign-in as typed: `app` is a keyword, a catalog application's ID, client ID or display name, a Microsoft
   * application's name, or action:<user action>; `location` a named location's ID or display name, Trusted,
   * Untrusted, Elsewhere, an IP address or a country code.
   */
  readonly signIn: Omit<SignIn, "location"> & { readonly location?: string };
  /** Where the sign-in's address is (ISO 3166-1 alpha-2), for country locations. */
  readonly country?: string;
  readonly format: "human" | "json";
}

/**
 * `idac whatif`: the decision for one sign-in, with each policy's reason. A value that names nothing (an unknown
 * persona, application, location, country or environment) is an error with the closest known value, never an
 * answer for "an application no policy names".
 */
export async function runWhatIf(options: WhatIfOptions, out: Output = processOutput): Promise<ExitCode> {
  const catalog = await catalogOrReport(options.catalog, out);
  if (!catalog) return EXIT.invalidInput;
  const env = options.environment ?? catalog.environments[catalog.environments.length - 1]!.id;
  if (!catalog.environments.some((e) => e.id === env))
    return unknown(out, {
      option: "--env",
      value: env,
      ...suggested(
        env,
        catalog.environments.map((e) => e.id),
      ),
      hint: `Environments: ${catalog.environments.map((e) => e.id).join(", ")}.`,
    });
  const view = environmentView(catalog, env);
  const personas = resolvePersonas(view);
  const persona = personas.find((p) => p.id === options.persona);
  if (!persona)
    return unknown(out, {
      option: "--persona",
      value: options.persona,
      ...suggested(
        options.persona,
        personas.map((p) => p.id),
      ),
      hint: `Personas: ${personas.map((p) => p.id).join(", ")}.`,
    });
  const app = resolveApp(view, options.signIn.app);
  const location = resolveLocation(view, options.signIn.location, options.country);
  const problems = [app, location].flatMap((r) => ("problem" in r ? [r.problem] : []));
  if (problems.length) {
    for (const p of problems) unknown(out, p);
    return EXIT.invalidInput;
  }
  const notes = [app, location].flatMap((r) => ("note" in r && r.note ? [r.note] : []));
  const network = "value" in location ? location.value : undefined;
  const { location: _typed, ...typed } = options.signIn;
  const signIn: SignIn = { ...typed, app: "value" in app ? app.value : typed.app, ...(network ? { location: network } : {}) };
  const d = evaluate(view, persona.principal, signIn);
  if (options.format === "json") {
    out.stdout(jsonText({ environment: env, persona: persona.id, signIn, notes, ...d }) + "\n");
    return EXIT.ok;
  }
  const where = network
    ? network.label +
      (network.namedLocations.length
        ? ` (${network.namedLocations.join(", ")}${network.trusted ? ", trusted" : ""})`
        : network.trusted
          ? " (trusted)"
          : " (no named location)")
    : "any other network";
  out.stdout(
    termText(`${persona.displayName} → ${signIn.app} from ${signIn.client} on ${signIn.platform}, ${where}, in ${env}: ${verdict(d.enforced)}`) + "\n",
  );
  for (const n of notes) out.stdout(`  (${termText(n)})\n`);
  for (const r of d.enforced.requirements.filter((q) => q.unmet)) out.stdout(`  ${termText(`${r.policy} ${r.unmet} → blocked in effect`)}\n`);
  out.stdout(`If report-only policies were enabled: ${termText(verdict(d.ifReportOnlyEnabled))}\n\n`);
  for (const p of d.policies) out.stdout(`  ${p.applies ? "✔" : p.undecided ? "?" : "·"} ${termText(`${p.policy} [${p.state}] ${p.reason}`)}\n`);
  return EXIT.ok;
}

function verdict(o: Outcome): string {
  if (o.blocked) return "BLOCKED";
  const required = o.requirements.map((r) => `${r.controls.join(` ${r.operator} `)} (${r.policy})`).join(" and ");
  if (o.blockedInEffect)
    return `BLOCKED in effect: ${o.requirements
      .filter((r) => r.unmet)
      .map((r) => `${r.policy} ${r.unmet}`)
      .join("; ")}`;
  const undecided = o.undecided.length
    ? `; may also apply (cannot be decided offline): ${o.undecided.map((u) => `${u.policy} (${u.conditions.join(", ")})`).join(", ")}`
    : "";
  return `${o.requirements.length ? `allowed with ${required}` : "allowed with no control"}${undecided}`;
}

function suggested(value: string, candidates: Iterable<string>): { suggestion?: string } {
  const s = didYouMean(value, candidates);
  return s !== undefined ? { suggestion: s } : {};
}

/** Reports a command-line value that names nothing (on stderr) and returns the invalid-input exit code. */
function unknown(out: Output, p: InputProblem): ExitCode {
  out.stderr(
    `${p.option}: unknown value '${termText(p.value)}'.${p.suggestion !== undefined ? ` Did you mean '${termText(p.suggestion)}'?` : ""} ${termText(p.hint)}\n`,
  );
  return EXIT.invalidInput;
}
