import { describe, expect, it } from "vitest";
import { runSod } from "../../src/cli/commands/sod";
import { captureOutput } from "../helpers/catalog";
import { exampleWith } from "./example-copy";

describe("npx idac sod", () => {
  it("prints no conflict for the bundled example", async () => {
    const cap = captureOutput();
    expect(await runSod({ catalog: await exampleWith([]), format: "md" }, cap.out)).toBe(0);
    expect(cap.stdout()).toMatch(/No business role is in conflict/);
    // The rules enforced as incompatible say what Entra refuses at request time.
    expect(cap.stdout()).toContain("## Enforced when someone requests access");
    expect(cap.stdout()).toContain("| fin-payment-approver | fin-ap-clerk, fin-vendor-master | fin-vendor-master |");
  });

  it("prints the roles × roles matrix with the rule IDs, as Markdown and JSON", async () => {
    const root = await exampleWith([
      {
        file: "roles/finance.yaml",
        find: "      groups: [fin-treasury]\n      appRoles: [erp/payment-approver]",
        replace: "      groups: [fin-treasury]\n      appRoles: [erp/payment-approver, erp/vendor-master]",
      },
      {
        file: "roles/supply-chain.yaml",
        find: "      requestors: { scope: groups, groups: [sc-procurement-staff] }",
        replace: "      requestors: { scope: groups, groups: [sc-staff-all] }",
      },
    ]);
    const md = captureOutput();
    await runSod({ catalog: root, format: "md" }, md.out);
    expect(md.stdout()).toMatch(/\| Role \| fin-payment-approver \| sc-buyer \| sc-receiving-clerk \|/);
    expect(md.stdout()).toMatch(/\| fin-payment-approver \| sod-vendor-master-vs-payment \|/);
    const json = captureOutput();
    await runSod({ catalog: root, format: "json" }, json.out);
    const m = JSON.parse(json.stdout()) as { roles: string[]; cells: Record<string, Record<string, string[]>>; conflicts: { kind: string }[] };
    expect(m.roles).toEqual(["fin-payment-approver", "sc-buyer", "sc-receiving-clerk"]);
    expect(m.cells["sc-buyer"]!["sc-receiving-clerk"]).toEqual(["sod-purchase-vs-receipt"]);
    expect(m.cells["fin-payment-approver"]!["fin-payment-approver"]).toEqual(["sod-vendor-master-vs-payment"]);
    expect(m.conflicts.map((c) => c.kind).sort()).toEqual(["request-vs-birthright", "single-role"]);
  });
});
