import type { CatalogIssue } from "../errors/issue";
import type { LoadedFile } from "../load/load";

/** How `idac init` marks a value the organisation must fill in (tenant ID, break-glass accounts, state backend). */
export const PLACEHOLDER_PREFIX = "REPLACE-ME";

/**
 * Every value still holding a placeholder written by `idac init`, as an error at the value: a new repository does
 * not validate, synthesize or plan until the tenant ID, the break-glass accounts and the state backend are real.
 */
export function placeholderIssues(source: LoadedFile): { issues: CatalogIssue[]; paths: Set<string> } {
  const issues: CatalogIssue[] = [];
  const paths = new Set<string>();
  const visit = (value: unknown, path: (string | number)[]) => {
    if (typeof value === "string") {
      if (!value.startsWith(PLACEHOLDER_PREFIX)) return;
      const at = source.locate(path);
      paths.add(JSON.stringify(path));
      const field = path.length ? String(path.filter((p) => typeof p === "string").at(-1)) : "value";
      issues.push({
        code: "CATALOG_PLACEHOLDER",
        severity: "error",
        file: at.file,
        line: at.line,
        col: at.col,
        path: at.path,
        message: `'${field}' is still the placeholder ${value} that idac init wrote.`,
        hint: "Replace it with the real value (the comment above it says where to find it; docs/adoption.md lists every placeholder).",
      });
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  visit(source.data, []);
  return { issues, paths };
}
