import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "../../src";
import { checkCatalog, loadValidCatalog, rolesGranting, whatIf } from "../../src/testing";
import { writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";

const EXAMPLE = path.resolve(__dirname, "../..");

describe("idac/testing on the bundled example", () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await loadValidCatalog(EXAMPLE, { today: "2026-12-01" });
  });

  it("answers what-if questions as idac whatif does: finance staff get MFA on Exchange Online", () => {
    const d = whatIf(catalog, { persona: "finance-staff", app: "Exchange Online" });
    expect(d.enforced.blocked).toBe(false);
    expect(d.enforced.mfa).toBe(true);
  });

  it("fails when a persona, application or environment names nothing, with the closest known value", () => {
    expect(() => whatIf(catalog, { persona: "finance-staf", app: "Office365" })).toThrow(/Unknown persona 'finance-staf'\. Did you mean 'finance-staff'\?/);
    expect(() => whatIf(catalog, { persona: "finance-staff", app: "Exchange Onlin" })).toThrow(/--app: unknown value 'Exchange Onlin'/);
    expect(() => whatIf(catalog, { persona: "finance-staff", app: "Office365", environment: "test" })).toThrow(/Unknown environment 'test'/);
  });

  it("lists every business role through which an app role or a group is obtained, with who may request it", () => {
    expect(rolesGranting(catalog, { appRole: "erp/payment-approver" })).toEqual([
      { role: "fin-payment-approver", assignment: "request", requestors: { scope: "groups", groups: ["fin-staff-all"] } },
    ]);
    const treasury = rolesGranting(catalog, { group: "fin-treasury" });
    expect(treasury.map((p) => p.role)).toContain("fin-payment-approver");
    expect(() => rolesGranting(catalog, { group: "fin-treasur" })).toThrow(/Did you mean 'fin-treasury'/);
    expect(() => rolesGranting(catalog, { appRole: "crm/admin" })).toThrow(/No catalog application for app role 'crm\/admin'/);
  });
});

describe("checkCatalog", () => {
  it("lists what fails idac validate as file:line:col lines, and loadValidCatalog throws with them", async () => {
    const root = await writeCatalog(SMALL_CATALOG);
    const check = await checkCatalog(root, { today: "2026-12-01" });
    expect(check.catalog).toBeDefined();
    expect(check.failures.length).toBeGreaterThan(0);
    for (const f of check.failures) expect(f).toMatch(/^[\w/.-]+\.yaml:\d+:\d+: IDAC-[A-Z]+-\d{3} /);
    await expect(loadValidCatalog(root, { today: "2026-12-01" })).rejects.toThrow(/does not validate:\n {2}[\w/.-]+\.yaml:\d+:\d+: IDAC-/);
  });

  it("reports catalog errors without a catalog", async () => {
    const root = await writeCatalog({ ...SMALL_CATALOG, "roles/broken.yaml": "groups: [" });
    const check = await checkCatalog(root);
    expect(check.catalog).toBeUndefined();
    expect(check.failures.some((f) => f.startsWith("roles/broken.yaml:"))).toBe(true);
  });
});
