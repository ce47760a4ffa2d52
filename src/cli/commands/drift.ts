import { compareTenants, type DriftItem } from "../../brownfield/drift";
import { jsonText, mdCell, mdText, termText } from "../../escape";
import { catalogOrigins, expectedTenant } from "../../brownfield/tenant";
import { breakGlassObjectIds } from "../../model/environment";
import { byId } from "../../model/model";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { catalogOrReport, exportOrReport } from "./private/catalog";

export interface DriftOptions {
  readonly catalog: string;
  /** Folder of a Microsoft Graph export (idac export). */
  readonly from: string;
  /** @default the only environment, else required */
  readonly environment?: string;
  readonly format: "md" | "json";
}

/**
 * `idac drift --from <export>`: what differs between the catalog and a tenant export, in catalog terms, without
 * Terraform: objects only in the tenant, only in the catalog, and property differences. Exit 0 without drift, 1
 * with drift, 2 on invalid input.
 */
export async function runDrift(options: DriftOptions, out: Output = processOutput): Promise<ExitCode> {
  const catalog = await catalogOrReport(options.catalog, out);
  if (!catalog) return EXIT.invalidInput;
  const envId = options.environment ?? (catalog.environments.length === 1 ? catalog.environments[0]!.id : undefined);
  if (!envId || !catalog.environments.some((e) => e.id === envId)) {
    out.stderr(`Say which environment the export is from with --env (declared: ${catalog.environments.map((e) => termText(e.id)).join(", ")}).\n`);
    return EXIT.invalidInput;
  }
  const data = await exportOrReport(options.from, out);
  if (!data) return EXIT.invalidInput;
  const env = byId(catalog.environments, envId).spec;
  const breakGlass = breakGlassObjectIds(env);
  // The break-glass group is the tenant's, never the catalog's: not drift.
  const items = compareTenants(expectedTenant(catalog, envId), data, { breakGlass }).filter(
    (d) => !(d.kind === "onlyInTenant" && breakGlass.some((b) => b.toLowerCase() === d.objectId.toLowerCase())),
  );
  const origins = catalogOrigins(catalog);
  const entry = (d: DriftItem) => origins.get(d.objectId);
  if (options.format === "json") {
    out.stdout(jsonText({ environment: envId, items: items.map((d) => ({ ...d, entry: entry(d) })) }) + "\n");
  } else {
    const only = (kind: DriftItem["kind"]) => items.filter((d) => d.kind === kind);
    const lines = [
      `# Drift of ${mdText(envId)} against ${mdText(options.from)}`,
      "",
      `${items.length === 0 ? "No drift." : `${items.length} difference(s).`}`,
      "",
    ];
    const changed = only("different");
    if (changed.length) {
      lines.push(`## Changed in the tenant (${changed.length})`, "");
      for (const d of changed) {
        const e = entry(d);
        lines.push(
          `### ${mdText(e ? `${e.section}/${e.id}` : d.collection)} — ${mdText(d.name)}${e ? ` (${mdText(`${e.file}:${e.line}`)})` : ""}`,
          "",
          "| Property | Catalog | Tenant |",
          "|---|---|---|",
        );
        if (d.kind === "different")
          for (const x of d.differences) lines.push(`| ${mdCell(x.path)} | ${mdCell(show(x.expected))} | ${mdCell(show(x.actual))} |`);
        lines.push("");
      }
    }
    const missing = only("onlyInCatalog");
    if (missing.length) {
      lines.push(`## Only in the catalog (${missing.length})`, "", "Not in the tenant: not applied yet, deleted in the portal, or renamed there.", "");
      for (const d of missing) {
        const e = entry(d);
        lines.push(`- ${mdText(e ? `${e.section}/${e.id} (${e.file}:${e.line})` : d.collection)}: ${mdText(d.name)}`);
      }
      lines.push("");
    }
    const extra = only("onlyInTenant");
    if (extra.length) {
      lines.push(`## Only in the tenant (${extra.length})`, "", "Not managed by idac: adopt with idac import, or clean up (idac report cleanup).", "");
      for (const d of extra) lines.push(`- ${mdText(d.collection)}: ${mdText(d.name)} (${mdText(d.objectId)})`);
      lines.push("");
    }
    out.stdout(lines.join("\n"));
  }
  return items.length ? EXIT.findings : EXIT.ok;
}

function show(v: unknown): string {
  if (v === undefined) return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}
