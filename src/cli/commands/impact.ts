import { writeFile } from "node:fs/promises";
import { jsonText, termText } from "../../escape";
import type { Catalog } from "../../model/model";
import { impactOf, pseudonym, type Impact, type PeopleSnapshot } from "../../people";
import { impactCsv, impactMarkdown, impactText, type NameOf } from "../../reports/people";
import { loadCatalog } from "../../resolve/load-catalog";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, reportIssues, type Output } from "../render";
import { snapshotOrReport } from "./private/people";

/** The variable holding the key of pseudonyms: without it, anyone can hash a guessed UPN and compare. */
export const PSEUDONYM_KEY_VARIABLE = "IDAC_PSEUDONYM_KEY";

export interface ImpactOptions {
  readonly catalog: string;
  readonly base: string;
  readonly people?: string;
  readonly environment?: string;
  /** Name people by a stable pseudonym instead of their UPN. */
  readonly pseudonymise?: boolean;
  /** Also write every affected person as CSV to this file. */
  readonly csv?: string;
  readonly format: "human" | "md" | "json";
}

/** The impact of the catalog against --base on the people of an HR snapshot, or undefined after reporting why not. */
export async function peopleImpact(
  options: { catalog: string; base: string; people?: string; environment?: string },
  out: Output,
): Promise<{ impact: Impact; snapshot: PeopleSnapshot; catalog: Catalog } | undefined> {
  const loaded = await loadCatalog(options.catalog, { base: options.base });
  if (!loaded.catalog) {
    reportIssues(out, loaded.issues, "human");
    return undefined;
  }
  const head = loaded.catalog;
  const base = loaded.base ?? { ...head, businessRoles: [], groups: [], privilegedRoles: [], conditionalAccessPolicies: [] };
  // The base's column mapping and IDs: the snapshot describes the tenant as the base built it, and a pull request
  // must not be able to remap columns to shrink its own effect in people.
  const snapshot = await snapshotOrReport(options.people, loaded.base ?? head, out);
  if (!snapshot) return undefined;
  const env = options.environment ?? head.environments[head.environments.length - 1]!.id;
  return { impact: impactOf(base, head, snapshot, env), snapshot, catalog: head };
}

/** How people are named: UPNs, or pseudonyms keyed by IDAC_PSEUDONYM_KEY (a warning when the key is missing). */
export function namer(pseudonymise: boolean | undefined, out: Output): NameOf {
  if (!pseudonymise) return (u) => u;
  const key = process.env[PSEUDONYM_KEY_VARIABLE];
  if (!key)
    out.stderr(
      `${PSEUDONYM_KEY_VARIABLE} is not set: pseudonyms are unkeyed hashes, which anyone can recompute for a guessed UPN. Set it as a pipeline secret.\n`,
    );
  return (u) => pseudonym(u, key ?? "");
}

/** `idac impact --base <ref> --people <snapshot>`: a change's effect in people, per changed item. */
export async function runImpact(options: ImpactOptions, out: Output = processOutput): Promise<ExitCode> {
  const result = await peopleImpact(options, out);
  if (!result) return EXIT.invalidInput;
  const nameOf = namer(options.pseudonymise, out);
  if (options.csv) await writeFile(options.csv, impactCsv(result.impact, nameOf));
  const { impact } = result;
  if (options.format === "json")
    out.stdout(
      jsonText({
        base: options.base,
        peopleAffected: impact.peopleAffected,
        items: impact.items.map((i) => ({ kind: i.kind, id: i.id, effects: Object.fromEntries([...i.people].map(([e, l]) => [e, l.map(nameOf)])) })),
      }) + "\n",
    );
  else if (options.format === "md") out.stdout(impactMarkdown(impact, nameOf, options.base));
  else out.stdout(impactText(impact, nameOf, options.base));
  if (options.csv) out.stderr(`Every affected person written to ${termText(options.csv)}.\n`);
  return EXIT.ok;
}
