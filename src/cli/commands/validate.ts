import { hasErrors } from "../../errors/issue";
import { planStacks } from "../../model/stacks";
import { loadCatalog } from "../../resolve/load-catalog";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, reportIssues, type Output, type OutputFormat } from "../render";

export interface ValidateOptions {
  /** Catalog root folder (holding environments/, roles/, policies/). */
  readonly catalog: string;
  readonly format: OutputFormat;
  /** Git revision to compare with for replacements. @default no comparison */
  readonly base?: string;
}

/** Loads and checks the catalog; reports every problem at once. Exit 0 when valid, 2 when not. */
export async function runValidate(options: ValidateOptions, out: Output = processOutput): Promise<ExitCode> {
  const { catalog, issues } = await loadCatalog(options.catalog, options.base !== undefined ? { base: options.base } : {});
  const valid = catalog !== undefined && !hasErrors(issues);
  const summary = catalog
    ? {
        environments: catalog.environments.map((e) => e.id),
        counts: {
          groups: catalog.groups.length,
          businessRoles: catalog.businessRoles.length,
          accessPackages: catalog.businessRoles.filter((r) => r.spec.assignment?.type === "request").length,
          privilegedRoles: catalog.privilegedRoles.length,
          conditionalAccessPolicies: catalog.conditionalAccessPolicies.length,
          namedLocations: catalog.namedLocations.length,
          sodRules: catalog.sodRules.length,
        },
        stacks: catalog.environments.flatMap((e) => planStacks(catalog, e.id).map((s) => s.name)),
      }
    : {};
  reportIssues(out, issues, options.format, { valid, ...summary }, annotationRoot(options.catalog));
  if (options.format === "human" && valid && catalog) {
    const c = (summary as { counts: Record<string, number> }).counts;
    out.stderr(
      `Catalog is valid: ${catalog.environments.length} environment(s), ${c.groups} groups, ${c.businessRoles} business roles, ${c.accessPackages} access packages, ${c.privilegedRoles} privileged roles, ${c.conditionalAccessPolicies} conditional access policies.\n`,
    );
  }
  return valid ? EXIT.ok : EXIT.invalidInput;
}

/** Annotations need paths relative to the repository root; the catalog may sit in a sub-folder. */
export function annotationRoot(catalog: string): string {
  const rel = catalog.startsWith("/") ? undefined : catalog.replace(/^\.\/?/, "");
  return rel ?? "";
}
