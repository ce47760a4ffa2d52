import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runGuardrails } from "../../src/guardrails/engine";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { OWNERS, writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";
import { resources, synthCatalog, type TfJson } from "../helpers/synth";

const FIXTURES = path.resolve(__dirname, "../fixtures/graph/governance");
const fixture = async (name: string) => JSON.parse(await readFile(path.join(FIXTURES, name), "utf8")) as Record<string, unknown>;

const requestable = (id: string, group: string, approver: string) => `  - id: ${id}
    displayName: ${id}
    description: ${id}
    owners: ${OWNERS}
    sensitivity: confidential
    entitlements: { groups: [${group}] }
    assignment:
      type: request
      catalog: cat-payments
      requestors: { scope: allMembers }
      approval: { stages: [{ approvers: [${approver}] }] }
      expiry: { afterDays: 90 }
`;

/** A bank: payments initiator and payments approver are requestable, and one SoD rule says they are incompatible. */
const bank = (enforcement: string, approverOfApprover = "treasury.lead@example.org") => ({
  ...SMALL_CATALOG,
  "roles/payments.yaml": `domain: payments
groups:
  - { id: pay-initiate, displayName: Payments initiate, description: Initiate payments, owners: ${OWNERS}, membership: { type: assigned } }
  - { id: pay-approve, displayName: Payments approve, description: Approve payments, owners: ${OWNERS}, membership: { type: assigned } }
  - { id: pay-vendor-master, displayName: Vendor master, description: Maintain vendors, owners: ${OWNERS}, membership: { type: assigned } }
accessPackageCatalogs:
  - { id: cat-payments, displayName: Payments, description: Payments access }
businessRoles:
${requestable("payments-initiator", "pay-initiate", "ops.lead@example.org")}${requestable("payments-approver", "pay-approve", approverOfApprover)}`,
  "policies/sod.yaml": `sodRules:
  - id: sod-initiate-vs-approve
    title: Nobody should both initiate and approve a payment
    rationale: The four-eyes principle on payments; one person with both can pay themselves.
    severity: critical
    enforcement: ${enforcement}
    conflictingSets:
      - { name: Initiate, entitlements: [role:payments-initiator] }
      - { name: Approve, entitlements: [role:payments-approver, group:pay-vendor-master] }
`,
});

describe("SoD rules enforced as incompatible access packages (a bank catalog)", () => {
  let stacks: Record<string, TfJson>;
  beforeAll(async () => {
    stacks = await synthCatalog(await writeCatalog(bank("incompatible", "ops.lead@example.org")));
  });

  it("declares the conflict once and gets the pull-request finding", async () => {
    const { catalog } = await loadCatalog(await writeCatalog(bank("incompatible", "ops.lead@example.org")));
    const findings = runGuardrails(catalog!, { today: "2026-12-01" }).findings.filter((f) => f.rule.startsWith("IDAC-SOD"));
    // Both roles are approved by the same person: the PR-time analysis reports it on the rule's roles.
    expect(findings.map((f) => [f.rule, f.entry.id])).toContainEqual(["IDAC-SOD-004", "payments-approver"]);
  });

  it("makes each package incompatible with the other, in both directions, in the governance stack", () => {
    const links = stacks["test-governance"]!.resource!.msgraph_resource!;
    const ab = links["incompatible_package__payments_initiator__payments_approver"]!;
    const ba = links["incompatible_package__payments_approver__payments_initiator"]!;
    expect(ab.url).toMatch(
      /^identityGovernance\/entitlementManagement\/accessPackages\/\$\{.*access_package__payments_initiator.*\}\/incompatibleAccessPackages\/\$ref$/,
    );
    expect((ab.body as Record<string, string>)["@odata.id"]).toMatch(
      /^https:\/\/graph\.microsoft\.com\/v1\.0\/identityGovernance\/entitlementManagement\/accessPackages\/\$\{.*access_package__payments_approver.*\}$/,
    );
    expect(ba.url).toContain("access_package__payments_approver");
    expect(ab.api_version).toBe("v1.0");
  });

  it("makes groups named in the other set incompatible with the package, as one exact collection", () => {
    const groups = resources(stacks, "msgraph_resource_collection");
    expect(Object.keys(groups)).toEqual(["incompatible_groups__payments_initiator"]);
    const c = groups["incompatible_groups__payments_initiator"]!;
    expect(c.url).toMatch(/incompatibleGroups\/\$ref$/);
    expect(c.reference_ids).toHaveLength(1);
    expect(String((c.reference_ids as string[])[0])).toContain("group__pay_vendor_master");
  });

  it("writes nothing at request time for a report-only rule", async () => {
    const reportOnly = await synthCatalog(await writeCatalog(bank("reportOnly")));
    expect(Object.keys(reportOnly)).not.toContain("test-governance");
    expect(resources(reportOnly, "msgraph_resource")).toEqual({});
  });

  it("matches Microsoft's documented request body for an incompatible access package", async () => {
    const doc = await fixture("incompatible-access-package-ref.json");
    const body = stacks["test-governance"]!.resource!.msgraph_resource!["incompatible_package__payments_initiator__payments_approver"]!.body as Record<
      string,
      string
    >;
    expect(Object.keys(body)).toEqual(Object.keys(doc));
    expect(body["@odata.id"]!.replace(/\$\{[^}]+\}/, "ID")).toBe(String(doc["@odata.id"]).replace(/[0-9a-f-]{36}$/, "ID"));
  });
});
