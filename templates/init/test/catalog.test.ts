/**
 * The organisation's own tests of its catalog, run by `npm test` in the pull request pipeline. Add a test for every
 * promise the catalog must keep: who gets MFA where, who can request what.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "idac";
import { checkCatalog, loadValidCatalog, rolesGranting, whatIf } from "idac/testing";

describe("the catalog", () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await loadValidCatalog();
  });

  it("validates clean: no catalog error and no error-level guardrail finding", async () => {
    expect((await checkCatalog()).failures).toEqual([]);
  });

  it("finance staff sign in to Exchange Online with MFA", () => {
    const decision = whatIf(catalog, { persona: "finance-staff", app: "Exchange Online" });
    expect(decision.enforced.blocked).toBe(false);
    expect(decision.enforced.mfa).toBe(true);
  });

  it("nobody outside Finance can request payment approval", () => {
    const paths = rolesGranting(catalog, { appRole: "erp/payment-approver" });
    expect(paths.map((p) => p.role)).toEqual(["fin-payment-approver"]);
    for (const p of paths) expect(p).toEqual({ role: p.role, assignment: "request", requestors: { scope: "groups", groups: ["fin-staff-all"] } });
  });
});
