import { describe, expect, it } from "vitest";
import { runGuardrails } from "../../src/guardrails/engine";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { writeCatalog } from "../helpers/catalog";

/** Policies as real tenants hold them (Microsoft's templates, workload identities), and the findings they should raise. */
const APPS = "applications:\n  - id: ledger-batch\n    displayName: Ledger batch\n    clientId: 2c4a1f6e-0000-4000-8000-000000000002\n    appRoles: []\n";
const policy = (id: string, body: string) => `  - id: ${id}\n    displayName: ${id}\n    description: d\n    state: enabled\n${body}`;

async function rulesFailing(policies: string): Promise<{ rule: string; id: string }[]> {
  const root = await writeCatalog({ "policies/apps.yaml": APPS, "policies/ca.yaml": `conditionalAccessPolicies:\n${policies}` });
  const { catalog, issues } = await loadCatalog(root);
  expect(
    issues.filter((i) => i.severity === "error"),
    JSON.stringify(issues),
  ).toEqual([]);
  return runGuardrails(catalog!, { today: "2026-12-01" }).findings.map((f) => ({ rule: f.rule, id: f.entry.id }));
}

const WORKLOAD =
  "    users: { include: {} }\n    applications: { include: [All] }\n    " +
  "clientApplications: { include: [ledger-batch] }\n    grant: { block: true }\n    " +
  "excludeBreakGlass: false\n";

describe("guardrails on policies for workload identities", () => {
  it("does not say a policy on service principals includes nobody, nor that it must exclude the break-glass accounts", async () => {
    const found = await rulesFailing(policy("ca900-block-ledger-batch", WORKLOAD));
    const rules = found.filter((f) => f.id === "ca900-block-ledger-batch").map((f) => f.rule);
    expect(rules).not.toContain("IDAC-CA-030");
    expect(rules).not.toContain("IDAC-CA-011");
  });

  it(
    "fails when a policy includes nobody and no workload identity (IDAC-CA-030), or " + "includes users without the break-glass exclusion (IDAC-CA-011)",
    async () => {
      const found = await rulesFailing(
        policy("ca901-nobody", "    users: { include: {} }\n    applications: { include: [All] }\n    grant: { block: true }\n") +
          policy(
            "ca902-all-users",
            "    users: { include: { all: true } }\n    applications: { include: [All] }\n    grant: { controls: [mfa] }\n    excludeBreakGlass: false\n",
          ),
      );
      expect(found).toContainEqual({ rule: "IDAC-CA-030", id: "ca901-nobody" });
      expect(found).toContainEqual({ rule: "IDAC-CA-011", id: "ca902-all-users" });
    },
  );
});

describe("MFA for administrators (IDAC-CA-015) from a policy for all users", () => {
  const mfaForAllExcept = (roles: string) =>
    policy(
      "ca008-mfa-all-users",
      `    users: { include: { all: true }, exclude: { roles: [${roles}] } }\n    applications: { include: [All] }\n    grant: { controls: [mfa] }\n`,
    );

  it("counts a policy that excludes only the Directory Synchronization Accounts role, as Microsoft's template does", async () => {
    expect((await rulesFailing(mfaForAllExcept('"Directory Synchronization Accounts"'))).map((f) => f.rule)).not.toContain("IDAC-CA-015");
  });

  it("fails when the policy excludes a privileged role", async () => {
    expect((await rulesFailing(mfaForAllExcept('"Directory Synchronization Accounts", "Global Administrator"'))).map((f) => f.rule)).toContain("IDAC-CA-015");
  });
});
