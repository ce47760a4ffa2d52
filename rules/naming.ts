// An organisation rule of the bundled example: MRO's naming convention for access package catalogs.
// idac loads every rule exported from rules/*.ts (see docs/rules.md); `npx idac rules` lists it with this file.
import { defineRule, violationAt } from "idac/rules";

export const catalogsNamedByDomain = defineRule({
  id: "MRO-NAMING-001",
  level: "error",
  title: "Access package catalog IDs should start with cat-",
  controls: ["MRO-ISMS-5.18"],
  fix: "Rename the catalog to cat-<area>, such as cat-finance, and its references with it.",
  rationale: "Requesters find packages by catalog; one naming scheme lets the service desk and auditors see who owns a catalog.",
  example: "accessPackageCatalogs:\n  - id: cat-finance\n    displayName: Finance",
  check: (ctx) =>
    ctx.catalog.accessPackageCatalogs
      .filter((c) => !c.id.startsWith("cat-"))
      .map((c) => violationAt(c, "accessPackageCatalogs", `Access package catalog '${c.id}' does not start with cat-.`, ["id"])),
});
