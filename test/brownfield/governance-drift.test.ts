import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compareTenants } from "../../src/brownfield/drift";
import { readGraphExport, type GraphExport } from "../../src/brownfield/graph";
import { importExport } from "../../src/brownfield/import";
import { expectedTenant } from "../../src/brownfield/tenant";
import type { Catalog } from "../../src/model/model";
import { loadCatalog } from "../../src/resolve/load-catalog";

const ROOT = path.resolve(__dirname, "../..");
const EXPORT = path.join(ROOT, "test/fixtures/graph/example-prod");

let example: Catalog;
let exported: GraphExport;
beforeAll(async () => {
  example = (await loadCatalog(ROOT)).catalog!;
  exported = await readGraphExport(EXPORT);
});

const breakGlass = () => example.environments.find((e) => e.id === "prod")!.spec.breakGlass.accounts;
type Loose = Record<string, any>;
const withReview = (name: string, change: (d: Loose) => void): GraphExport => {
  const copy = structuredClone(exported) as GraphExport & { accessReviewDefinitions: Loose[] };
  change(copy.accessReviewDefinitions.find((d) => d.displayName === name)!);
  return copy;
};
const drift = (actual: GraphExport) =>
  compareTenants(expectedTenant(example, "prod"), actual, { breakGlass: breakGlass(), collections: ["accessReviewDefinitions", "assignmentPolicies"] });

describe("drift of access reviews and automatic assignment", () => {
  it("finds none in the export of the tenant the example describes", () => {
    expect(drift(exported)).toEqual([]);
  });

  it("ignores Graph's $count=true& rewrite of a scope query", () => {
    const rewritten = withReview("Half-yearly review of partner guests", (d) => {
      expect(d.scope.query).toContain("$count=true&");
      d.scope.query = String(d.scope.query).replace("/?$count=true&", "?");
    });
    expect(drift(rewritten)).toEqual([]);
  });

  it("reports a review made less frequent and keeping access in the portal, in catalog terms", () => {
    const loosened = withReview("Monthly review of eligible Global Administrators", (d) => {
      d.settings.recurrence.pattern.interval = 6;
      d.settings.defaultDecision = "Approve";
    });
    const items = drift(loosened);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: "different", collection: "accessReviewDefinitions", name: "Monthly review of eligible Global Administrators" });
    const first = items[0]!;
    const paths = first.kind === "different" ? first.differences.map((d) => d.path).sort() : [];
    expect(paths).toEqual(["settings.defaultDecision", "settings.recurrence"]);
  });

  it("reports a review deleted in the portal, and one added there", () => {
    const copy = structuredClone(exported) as GraphExport & { accessReviewDefinitions: Loose[] };
    const gone = copy.accessReviewDefinitions.shift()!;
    copy.accessReviewDefinitions.push({ ...gone, id: "99999999-9999-4999-8999-999999999999", displayName: "Made in the portal" });
    expect(drift(copy).map((i) => [i.kind, i.name])).toEqual([
      ["onlyInCatalog", gone.displayName],
      ["onlyInTenant", "Made in the portal"],
    ]);
  });

  it("imports every review of the example and the automatic assignment of the AP clerk role, adopting them", () => {
    const prod = example.environments.find((e) => e.id === "prod")!.spec;
    const result = importExport(exported, { environment: prod } as Parameters<typeof importExport>[1]);
    expect(result.catalog.accessReviews).toHaveLength(example.accessReviews.length);
    expect(result.notImported.filter((n) => n.collection === "accessReviewDefinitions" || n.collection === "assignmentPolicies")).toEqual([]);
    const clerk = result.catalog.businessRoles.find((r) => (r.assignment as { autoAssign?: unknown } | undefined)?.autoAssign)!;
    expect((clerk.assignment as { autoAssign: unknown }).autoAssign).toEqual({
      when: { department: "Finance", jobTitle: { startsWith: "Accounts Payable" } },
      gracePeriodDays: 7,
    });
    expect(typeof (clerk.importFrom as { autoAssignmentPolicy?: string }).autoAssignmentPolicy).toBe("string");
  });
});

describe("the tenant a catalog expects", () => {
  it("lists every person an access review names as reviewer among its users", async () => {
    // A reviewer who appears nowhere else in the catalog.
    const [first, ...rest] = example.accessReviews;
    const only = { ...first!, spec: { ...first!.spec, reviewers: ["only.reviewer@meridian.org"] } } as typeof first;
    const tenant = expectedTenant({ ...example, accessReviews: [only!, ...rest] } as Catalog, "prod");
    expect(tenant.users.map((u) => u.userPrincipalName)).toContain("only.reviewer@meridian.org");
    const users = new Set(tenant.users.map((u) => u.id));
    const named = tenant.accessReviewDefinitions.flatMap(
      (d) =>
        JSON.stringify(d)
          .match(/\/users\/[0-9a-f-]{36}/g)
          ?.map((q) => q.slice("/users/".length)) ?? [],
    );
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(users.has(id), id).toBe(true);
  });
});
