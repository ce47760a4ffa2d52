import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";
import { resources, synthCatalog } from "../helpers/synth";

const withFinance = (edit: (yaml: string) => string): Record<string, string> => ({
  ...SMALL_CATALOG,
  "roles/finance.yaml": edit(SMALL_CATALOG["roles/finance.yaml"]!),
});

describe("renaming an ID with previousIds", () => {
  it("emits moved blocks for every resource derived from the entry", async () => {
    const files = withFinance((y) =>
      y
        .replace("  - id: fin-ap\n", "  - id: fin-accounts-payable\n    previousIds: [fin-ap]\n")
        .replaceAll("groups: [fin-ap", "groups: [fin-accounts-payable")
        .replace("  - id: fin-approver\n", "  - id: fin-payment-approver\n    previousIds: [fin-approver]\n")
        .replace("group:fin-ap]", "group:fin-accounts-payable]"),
    );
    files["roles/privileged.yaml"] = files["roles/privileged.yaml"]!.replace("group:fin-ap]", "group:fin-accounts-payable]");
    files["policies/ca.yaml"] = files["policies/ca.yaml"]!.replace("groups: [fin-ap]", "groups: [fin-accounts-payable]");
    const stacks = await synthCatalog(await writeCatalog(files));
    const moved = Object.values(stacks)
      .flatMap((s) => (s as { moved?: { from: string; to: string }[] }).moved ?? [])
      .sort((a, b) => (a.from < b.from ? -1 : 1));
    expect(moved).toEqual([
      { from: "azuread_access_package.access_package__fin_approver", to: "azuread_access_package.access_package__fin_payment_approver" },
      {
        from: "azuread_access_package_assignment_policy.access_package_policy__fin_approver",
        to: "azuread_access_package_assignment_policy.access_package_policy__fin_payment_approver",
      },
      {
        from: "azuread_access_package_resource_catalog_association.catalog_resource__cat_finance__role__fin_approver",
        to: "azuread_access_package_resource_catalog_association.catalog_resource__cat_finance__role__fin_payment_approver",
      },
      {
        from: "azuread_access_package_resource_package_association.package_resource__fin_approver",
        to: "azuread_access_package_resource_package_association.package_resource__fin_payment_approver",
      },
      { from: "azuread_group.group__fin_ap", to: "azuread_group.group__fin_accounts_payable" },
      { from: "azuread_group_without_members.role__fin_approver", to: "azuread_group_without_members.role__fin_payment_approver" },
    ]);
    expect(resources(stacks, "azuread_group")["group__fin_accounts_payable"]).toBeDefined();
  });

  it("fails when a previous ID is still the ID of another entry", async () => {
    const root = await writeCatalog(withFinance((y) => y.replace("  - id: fin-approver\n", "  - id: fin-approver\n    previousIds: [fin-staff]\n")));
    const { issues } = await loadCatalog(root);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "CATALOG_CONFLICT", file: "roles/finance.yaml", line: 18, message: expect.stringMatching(/Previous ID 'fin-staff'/) }),
      ]),
    );
  });
});

describe("retiring an entry", () => {
  it("with forget, emits removed blocks with destroy = false for each of its resources and nothing else", async () => {
    const stacks = await synthCatalog(
      await writeCatalog({
        ...SMALL_CATALOG,
        "roles/finance.yaml": SMALL_CATALOG["roles/finance.yaml"]!.replace("  - id: fin-approver\n", "  - id: fin-approver\n    retire: forget\n"),
      }),
    );
    const removed = Object.values(stacks)
      .flatMap((s) => (s as { removed?: { from: string }[] }).removed ?? [])
      .sort((a, b) => (a.from < b.from ? -1 : 1));
    expect(removed).toEqual([
      { from: "azuread_access_package.access_package__fin_approver", lifecycle: { destroy: false } },
      { from: "azuread_access_package_assignment_policy.access_package_policy__fin_approver", lifecycle: { destroy: false } },
      { from: "azuread_access_package_resource_catalog_association.catalog_resource__cat_finance__role__fin_approver", lifecycle: { destroy: false } },
      { from: "azuread_access_package_resource_package_association.package_resource__fin_approver", lifecycle: { destroy: false } },
      { from: "azuread_group_without_members.role__fin_approver", lifecycle: { destroy: false } },
    ]);
    for (const s of Object.values(stacks)) expect(JSON.stringify(s.resource)).not.toMatch(/fin_approver/);
  });

  it("with destroy, leaves the entry out so the plan deletes it", async () => {
    const stacks = await synthCatalog(
      await writeCatalog({
        ...SMALL_CATALOG,
        "roles/finance.yaml": SMALL_CATALOG["roles/finance.yaml"]!.replace("  - id: fin-approver\n", "  - id: fin-approver\n    retire: destroy\n"),
      }),
    );
    for (const s of Object.values(stacks)) {
      expect(JSON.stringify(s)).not.toMatch(/fin_approver/);
      expect((s as { removed?: unknown }).removed).toBeUndefined();
    }
  });

  it("fails when an entry that stays still references the retired one", async () => {
    const root = await writeCatalog({
      ...SMALL_CATALOG,
      "roles/finance.yaml": SMALL_CATALOG["roles/finance.yaml"]!.replace("  - id: fin-ap\n", "  - id: fin-ap\n    retire: forget\n"),
    });
    const { issues } = await loadCatalog(root);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.code === "CATALOG_INVALID_REFERENCE" && /Group 'fin-ap' is retired/.test(i.message))).toBe(true);
  });
});

describe("adopting an existing object with importFrom", () => {
  it("emits an import block with the provider's import ID for the entry's main resource", async () => {
    const files = {
      ...SMALL_CATALOG,
      "roles/finance.yaml": SMALL_CATALOG["roles/finance.yaml"]!.replace(
        "  - id: fin-ap\n",
        "  - id: fin-ap\n    importFrom: 0D9E1F2A-3B4C-4D5E-8F6A-7B8C9D0E1F2A\n",
      ),
      "policies/ca.yaml": SMALL_CATALOG["policies/ca.yaml"]!.replace(
        "  - id: ca001\n",
        "  - id: ca001\n    importFrom: 11112222-3333-4444-8555-666677778888\n",
      ).replace("  - id: hq\n", "  - id: hq\n    importFrom: 99998888-7777-4666-8555-444433332222\n"),
    };
    const stacks = await synthCatalog(await writeCatalog(files));
    expect((stacks["test-groups"] as { import?: unknown }).import).toEqual([
      { id: "/groups/0d9e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a", to: "azuread_group.group__fin_ap" },
    ]);
    expect((stacks["test-conditional-access"] as { import?: { id: string; to: string }[] }).import!.sort((a, b) => (a.to < b.to ? -1 : 1))).toEqual([
      { id: "/identity/conditionalAccess/policies/11112222-3333-4444-8555-666677778888", to: "azuread_conditional_access_policy.ca__ca001" },
      { id: "/identity/conditionalAccess/namedLocations/99998888-7777-4666-8555-444433332222", to: "azuread_named_location.location__hq" },
    ]);
  });
});
