import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PlanJson } from "../../src/plan/plan-json";
import { summarizePlans } from "../../src/plan/summary";
import { planSummaryMarkdown } from "../../src/reports/plan-summary";

const DIR = path.resolve(__dirname, "../fixtures/plans/gate");
const planOf = (file: string) => [{ stack: "prod-governance", plan: PlanJson.parse(JSON.parse(readFileSync(path.join(DIR, file), "utf8"))) }];

describe("the plan summary of governance changes (Microsoft Graph)", () => {
  it("puts them in their own section, in catalog terms, with the display name from the request body", () => {
    const summary = summarizePlans(planOf("gov-review-loosened.json"));
    expect(summary.changes).toMatchObject([
      {
        section: "governance",
        kind: "access review",
        catalogId: "ar-pim-global-admin",
        displayName: "Monthly review of eligible Global Administrators",
        action: "update",
      },
    ]);
    expect(summary.risk).toBe("high");
    expect(planSummaryMarkdown(summary)).toContain("### Governance (Microsoft Graph) (1)");
  });

  it("rates a removed access review or incompatibility as critical", () => {
    expect(summarizePlans(planOf("gov-review-deleted.json")).risk).toBe("critical");
    const removed = summarizePlans(planOf("gov-incompatibility-removed.json"));
    expect(removed.risk).toBe("critical");
    expect(removed.changes.map((c) => [c.kind, c.catalogId])).toEqual([
      ["incompatible access packages of business roles", "fin-vendor-master / fin-payment-approver"],
      ["incompatible groups of business role", "fin-vendor-master"],
    ]);
  });
});
