import { cleanupReport } from "../../brownfield/cleanup";
import { csvTable, jsonText, mdCell, mdText } from "../../escape";
import { loadCatalog } from "../../resolve/load-catalog";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { exportOrReport } from "./private/catalog";

export interface CleanupOptions {
  /** Folder of a Microsoft Graph export. */
  readonly from: string;
  /** Catalog whose environments name the break-glass accounts and groups. */
  readonly catalog: string;
  readonly format: "md" | "csv" | "json";
}

/** `idac report cleanup --from <export>`: excess, obsolete and ownerless access found in a tenant export. */
export async function runCleanup(options: CleanupOptions, out: Output = processOutput): Promise<ExitCode> {
  const data = await exportOrReport(options.from, out);
  if (!data) return EXIT.invalidInput;
  const { catalog } = await loadCatalog(options.catalog);
  const envs = catalog?.environments ?? [];
  const items = cleanupReport(data, {
    accounts: envs.flatMap((e) => e.spec.breakGlass.accounts),
    groups: envs.flatMap((e) => (e.spec.breakGlass.group ? [e.spec.breakGlass.group] : [])),
  });
  if (options.format === "json") out.stdout(jsonText(items) + "\n");
  else if (options.format === "csv")
    out.stdout(
      csvTable(
        ["problem", "rule", "object", "detail"],
        items.map((i) => [i.problem, i.rule ?? "", i.object, i.detail]),
      ),
    );
  else {
    const lines = [
      "# Clean-up backlog",
      "",
      `${items.length} item(s) found in the export ${mdText(options.from)}.`,
      "",
      "| Problem | Guardrail rule | Object | Detail |",
      "|---|---|---|---|",
    ];
    for (const i of items) lines.push(`| ${i.problem} | ${i.rule ?? ""} | ${mdCell(i.object)} | ${mdCell(i.detail)} |`);
    out.stdout(lines.join("\n") + "\n");
  }
  return EXIT.ok;
}
