import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { planImport } from "../../brownfield/adopt";
import { checkFilesInside, OutputRefused } from "../../output/output-folder";
import { replaceFile } from "../../output/replace-file";
import { jsonText, mdCell, mdText, quoted, termText } from "../../escape";
import { EXIT, type ExitCode } from "../exit-codes";
import { formatIssueHuman, processOutput, type Output } from "../render";
import { exportOrReport } from "./private/catalog";

export interface ImportOptions {
  /** Folder of a Microsoft Graph export (idac export). */
  readonly from: string;
  /** Catalog folder to write into; it declares the environment the export is from. */
  readonly out: string;
  readonly environment?: string;
  readonly manageMembers?: boolean;
  readonly defaultOwners?: readonly string[];
  readonly format: "md" | "json";
}

/**
 * `idac import --from <export> --out <catalog>`: adopts an existing tenant. Writes the imported catalog files
 * (each entry with importFrom), and reports what was imported, what was not and why, and whether the catalog with
 * the imported files validates and reproduces the export. Exit 0 when it does; 1 when the files were written but
 * need attention (validation problems, or objects the first plan would update); 2 when the export or the
 * environment is unusable (nothing is written).
 */
export async function runImport(options: ImportOptions, out: Output = processOutput): Promise<ExitCode> {
  // The import writes into a catalog on purpose: --out must be an existing catalog folder, never a file.
  const info = await stat(options.out).catch(() => undefined);
  if (!info?.isDirectory()) {
    out.stderr(
      `Refusing --out ${quoted(options.out)}: ` +
        `${info ? "it is a file, not a catalog folder" : "no such folder"}. Nothing was ` +
        `written.\n  hint: Pass the catalog folder that declares the environment the export is ` +
        `from.\n`,
    );
    return EXIT.invalidInput;
  }
  const data = await exportOrReport(options.from, out);
  if (!data) return EXIT.invalidInput;
  const plan = await planImport(data, {
    catalogRoot: options.out,
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.manageMembers ? { manageMembers: true } : {}),
    ...(options.defaultOwners ? { defaultOwners: options.defaultOwners } : {}),
  });
  if ("error" in plan) {
    out.stderr(`${termText(plan.error)}\n`);
    return EXIT.invalidInput;
  }
  // Every file written or removed must stay inside the catalog (a symlinked roles/ could point elsewhere): all are
  // checked before anything is touched.
  try {
    await checkFilesInside(options.out, [...plan.files.keys(), ...plan.stale]);
  } catch (err) {
    if (!(err instanceof OutputRefused)) throw err;
    out.stderr(`${err.message}\n`);
    return EXIT.invalidInput;
  }
  // Each file is written next to its destination and renamed over it: a file is either the old or the new one.
  for (const [file, text] of plan.files) {
    const target = path.join(options.out, file);
    await mkdir(path.dirname(target), { recursive: true });
    await replaceFile(target, text);
  }
  for (const file of plan.stale) await rm(path.join(options.out, file), { force: true });
  const { result } = plan;
  const counts = Object.fromEntries(Object.entries(result.catalog).map(([k, v]) => [k, v.length]));
  const errors = plan.issues.filter((i) => i.severity === "error");
  if (options.format === "json") {
    out.stdout(
      jsonText({
        files: [...plan.files.keys()],
        removed: plan.stale,
        imported: counts,
        alreadyInCatalog: plan.alreadyInCatalog,
        notImported: result.notImported,
        notes: result.notes,
        issues: plan.issues,
        checks: plan.checks,
        verified: plan.verified,
        differences: plan.differences,
      }) + "\n",
    );
  } else {
    const lines = [
      `# Import of ${mdText(options.from)}`,
      "",
      `Written: ${[...plan.files.keys()].map((f) => mdText(path.join(options.out, f))).join(", ") || "nothing (everything is in the catalog already)"}.`,
      "",
    ];
    if (plan.stale.length) lines.push(`Removed (no longer needed): ${plan.stale.map((f) => mdText(path.join(options.out, f))).join(", ")}.`, "");
    lines.push("| Section | Imported |", "|---|---|", ...Object.entries(counts).map(([k, v]) => `| ${mdCell(k)} | ${v} |`), "");
    if (plan.alreadyInCatalog) lines.push(`${plan.alreadyInCatalog} object(s) are already declared elsewhere in the catalog and were left there.`, "");
    const { roundTrip, throughCatalog } = plan.checks;
    lines.push(
      `Round trip (each object through the catalog entry written for it): ` +
        `${roundTrip.objects} object(s) compared with the export; ${roundTrip.notReproduced} not ` +
        `reproduced exactly, so not imported (listed below).`,
      "",
    );
    if (throughCatalog.ran)
      lines.push(
        `Checked through the catalog: ${throughCatalog.objects} imported object(s) ` +
          `compared with the export, ${plan.differences.length} would be updated by the first plan.`,
        "",
      );
    else
      lines.push(
        `**Not checked through the catalog**: ${mdText(throughCatalog.reason)}. Fix the ` +
          `problems listed on stderr, then run idac validate (and idac drift against this export). ` +
          `The first plan would update ${plan.differences.length} imported object(s):`,
        "",
      );
    if (errors.length) lines.push(`**The catalog does not validate yet** (${errors.length} error(s), listed on stderr): fix them, then run idac validate.`, "");
    for (const d of plan.differences)
      if (d.kind === "different") lines.push(`- ${mdText(d.collection)} **${mdText(d.name)}**: ${d.differences.map((x) => mdText(x.path)).join(", ")}`);
    if (plan.differences.length) lines.push("");
    lines.push(`## Not imported (${result.notImported.length})`, "", "| Collection | Object | Object ID | Why |", "|---|---|---|---|");
    for (const n of result.notImported) lines.push(`| ${mdCell(n.collection)} | ${mdCell(n.displayName)} | ${mdCell(n.objectId)} | ${mdCell(n.reason)} |`);
    const limited = result.notImported.filter((n) => n.properties?.length);
    if (limited.length) {
      lines.push("", "### Properties that keep objects out", "", "| Object | Property | Value in the tenant | Limit | Why |", "|---|---|---|---|---|");
      for (const n of limited)
        for (const p of n.properties!)
          lines.push(
            `| ${mdCell(n.displayName)} | ${mdCell(p.path)} | ` +
              `${mdCell(JSON.stringify(p.value) ?? "null")} | ` +
              `${p.limit === "provider" ? "azuread 3.7.0" : "idac"} | ${mdCell(p.why)} |`,
          );
    }
    lines.push("", `## Notes (${result.notes.length})`, "");
    for (const n of result.notes) lines.push(`- ${mdText(`${n.section}/${n.id}`)}: ${mdText(n.note)}`);
    out.stdout(lines.join("\n") + "\n");
  }
  for (const issue of plan.issues) out.stderr(formatIssueHuman(issue) + "\n\n");
  return errors.length || plan.differences.length ? EXIT.findings : EXIT.ok;
}
