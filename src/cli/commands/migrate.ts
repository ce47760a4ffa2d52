import { createTwoFilesPatch } from "diff";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { termText } from "../../escape";
import { replaceFile } from "../../output/replace-file";
import { planMigration } from "../../resolve/migrate";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, reportIssues, type Output } from "../render";

export interface MigrateOptions {
  /** Catalog root folder (holding idac.yaml, environments/, roles/, policies/). */
  readonly catalog: string;
  /** Write the changes. @default false: only show them as a diff */
  readonly write?: boolean;
}

/**
 * `idac migrate`: brings the catalog to the current catalog format where the change is mechanical. Shows the
 * changes as a unified diff; `--write` makes them (each file replaced whole, never half-written). Exit 0 when the
 * catalog is current or was migrated, 1 when a dry run found changes to make, 2 when it cannot be migrated (a format
 * newer than this idac, files that do not parse, a change that is not mechanical).
 */
export async function runMigrate(options: MigrateOptions, out: Output = processOutput): Promise<ExitCode> {
  const plan = await planMigration(options.catalog);
  if (plan.issues.length) {
    reportIssues(out, plan.issues, "human");
    out.stderr("Nothing was written.\n");
    return EXIT.invalidInput;
  }
  if (!plan.edits.length) {
    out.stderr(`The catalog is already written for catalog format ${plan.to}: nothing to migrate.\n`);
    return EXIT.ok;
  }
  for (const e of plan.edits) {
    const patch = createTwoFilesPatch(e.before === undefined ? "/dev/null" : `a/${e.file}`, `b/${e.file}`, e.before ?? "", e.after, undefined, undefined, {
      context: 3,
    });
    out.stdout(patch.split("\n").map(termText).join("\n"));
  }
  const files = plan.edits.map((e) => e.file).join(", ");
  if (!options.write) {
    out.stderr(
      `Catalog format ${plan.from} → ${plan.to}: ${plan.edits.length} file(s) to change (` +
        `${termText(files)}). Nothing was written; run idac migrate --write to make the changes.\n`,
    );
    return EXIT.findings;
  }
  for (const e of plan.edits) {
    const file = path.join(options.catalog, e.file);
    await mkdir(path.dirname(file), { recursive: true });
    await replaceFile(file, e.after);
  }
  out.stderr(`Catalog format ${plan.from} → ${plan.to}: wrote ${termText(files)}. Review the diff above, then run idac validate.\n`);
  return EXIT.ok;
}
