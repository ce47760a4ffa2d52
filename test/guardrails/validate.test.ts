import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runValidate } from "../../src/cli/commands/validate";
import type { Finding } from "../../src/guardrails/types";
import { captureOutput } from "../helpers/catalog";
import { exampleWith, type Patch } from "./example-copy";

const TODAY = "2026-11-22";
const GLOBAL = "policies/conditional-access/global.yaml";

async function validate(patches: Patch[], extra: Record<string, string> = {}) {
  const root = await exampleWith(patches);
  for (const [file, text] of Object.entries(extra)) await writeFile(path.join(root, file), text);
  const human = captureOutput();
  const code = await runValidate({ catalog: root, format: "human", today: TODAY }, human.out);
  const json = captureOutput();
  await runValidate({ catalog: root, format: "json", today: TODAY }, json.out);
  const result = JSON.parse(json.stdout()) as { findings: Finding[]; issues: { code: string; file: string; line: number }[] };
  return { code, stderr: human.stderr(), ...result, root };
}

const lineOf = async (root: string, file: string, text: string) =>
  (await readFile(path.join(root, file), "utf8")).split("\n").findIndex((l) => l.includes(text)) + 1;

describe("npx idac validate with guardrails", () => {
  it("passes the bundled example (exit 0)", async () => {
    const r = await validate([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Guardrails: 0 error\(s\)/);
  });

  it("exits 1 when a policy no longer excludes the break-glass accounts, naming the rule and the policy's line", async () => {
    const r = await validate([
      {
        file: GLOBAL,
        find: "    grant: { controls: [mfa] }\n  - id: ca009",
        replace: "    grant: { controls: [mfa] }\n    excludeBreakGlass: false\n  - id: ca009",
      },
    ]);
    expect(r.code).toBe(1);
    const line = await lineOf(r.root, GLOBAL, "excludeBreakGlass: false");
    expect(r.stderr).toContain(`${GLOBAL}:${line}:`);
    expect(r.stderr).toMatch(new RegExp(`${GLOBAL}:${line}:\\d+: error IDAC-CA-011 \\[dev, prod\\]`));
  });

  it("exits 1 on a permanent Global Administrator assignment", async () => {
    const r = await validate([
      {
        file: "roles/privileged.yaml",
        find: "    activation:\n      maxDurationHours: 1\n",
        replace: "    active:\n      - principal: omar.haddad@meridian.org\n        permanent: true\n    activation:\n      maxDurationHours: 1\n",
      },
    ]);
    expect(r.code).toBe(1);
    const line = await lineOf(r.root, "roles/privileged.yaml", "- principal: omar.haddad");
    expect(r.stderr).toMatch(new RegExp(`roles/privileged\\.yaml:${line}:\\d+: error IDAC-PRIV-001`));
  });

  it("exits 1 on a requestable access package without expiry", async () => {
    const r = await validate([
      {
        file: "roles/finance.yaml",
        find: "      expiry: { afterDays: 365 }\n      review: { frequency: halfyearly",
        replace: "      expiry: { never: true }\n      review: { frequency: halfyearly",
      },
    ]);
    expect(r.code).toBe(1);
    const line = await lineOf(r.root, "roles/finance.yaml", "expiry: { never: true }");
    expect(r.stderr).toMatch(new RegExp(`roles/finance\\.yaml:${line}:\\d+: error IDAC-GOV-002`));
  });

  it("exits 1 when one role holds two conflicting entitlements", async () => {
    const r = await validate([
      {
        file: "roles/finance.yaml",
        find: "      groups: [fin-treasury]\n      appRoles: [erp/payment-approver]",
        replace: "      groups: [fin-treasury]\n      appRoles: [erp/payment-approver, erp/vendor-master]",
      },
    ]);
    expect(r.code).toBe(1);
    const line = await lineOf(r.root, "roles/finance.yaml", "  - id: fin-payment-approver");
    expect(r.stderr).toMatch(new RegExp(`roles/finance\\.yaml:${line}:\\d+: error IDAC-SOD-001 .*\\n.*sod-vendor-master-vs-payment`));
  });

  it("lets a valid suppression silence exactly its finding, and shows it with its reason", async () => {
    const r = await validate([
      {
        file: GLOBAL,
        find: "    grant: { controls: [mfa] }\n  - id: ca009",
        replace:
          "    grant: { controls: [mfa] }\n    excludeBreakGlass: false\n    suppress:\n  " +
          "    - { rule: IDAC-CA-011, reason: Break-glass sign-ins must use MFA too (board " +
          "decision), expires: 2027-03-31, ticket: SEC-42 }\n  - id: ca009",
      },
      {
        file: "roles/finance.yaml",
        find: "      expiry: { afterDays: 365 }\n      review: { frequency: halfyearly",
        replace: "      expiry: { never: true }\n      review: { frequency: halfyearly",
      },
    ]);
    expect(r.code).toBe(1); // the expiry finding is not suppressed
    const ca011 = r.findings.filter((f) => f.rule === "IDAC-CA-011");
    expect(ca011).toEqual([
      expect.objectContaining({
        entry: { section: "conditionalAccessPolicies", id: "ca008-mfa-all-users" },
        suppressed: { reason: "Break-glass sign-ins must use MFA too (board decision)", expires: "2027-03-31", ticket: "SEC-42" },
      }),
    ]);
    expect(r.findings.filter((f) => f.rule === "IDAC-GOV-002" && !f.suppressed)).toHaveLength(1);
    expect(r.stderr).toMatch(/suppressed error IDAC-CA-011/);
  });

  it("fails on an expired suppression, naming where it is declared", async () => {
    const r = await validate([], {
      "policies/guardrails.yaml":
        "guardrails:\n  suppressions:\n    - { rule: IDAC-CA-008, reason: Device compliance rollout planned for 2026, expires: 2026-06-30 }\n",
    });
    expect(r.code).toBe(2);
    expect(r.issues).toEqual([expect.objectContaining({ code: "GUARDRAIL_SUPPRESSION_EXPIRED", file: "policies/guardrails.yaml", line: 3 })]);
  });

  it("fails on a suppression of an unknown rule, suggesting the closest", async () => {
    const r = await validate([], {
      "policies/guardrails.yaml": "guardrails:\n  suppressions:\n    - { rule: IDAC-CA-080, reason: Device compliance rollout planned, expires: 2027-06-30 }\n",
    });
    expect(r.code).toBe(2);
    expect(r.issues).toEqual([expect.objectContaining({ code: "GUARDRAIL_UNKNOWN_RULE", file: "policies/guardrails.yaml", line: 3 })]);
  });

  it("re-levels a rule per environment", async () => {
    const noExpiry = {
      file: "roles/finance.yaml",
      find: "      expiry: { afterDays: 365 }\n      review: { frequency: halfyearly",
      replace: "      expiry: { never: true }\n      review: { frequency: halfyearly",
    };
    const r = await validate([noExpiry], {
      "policies/guardrails.yaml": "guardrails:\n  levels:\n    - { rule: IDAC-GOV-002, level: warning, environments: [dev] }\n",
    });
    expect(r.findings.filter((f) => f.rule === "IDAC-GOV-002").map((f) => [f.environments, f.level])).toEqual([[["dev", "prod"], "error"]]);
    const everywhere = await validate([noExpiry], { "policies/guardrails.yaml": "guardrails:\n  levels:\n    - { rule: IDAC-GOV-002, level: warning }\n" });
    expect(everywhere.code).toBe(0);
    expect(everywhere.findings.filter((f) => f.rule === "IDAC-GOV-002").map((f) => f.level)).toEqual(["warning"]);
  });

  it("refuses to lower a rule that protects the tenant (exit 2)", async () => {
    const r = await validate([], { "policies/guardrails.yaml": "guardrails:\n  levels:\n    - { rule: IDAC-CA-011, level: warning, environments: [dev] }\n" });
    expect(r.code).toBe(2);
    expect(r.issues).toEqual([expect.objectContaining({ code: "GUARDRAIL_PROTECTED_RULE", file: "policies/guardrails.yaml", line: 3 })]);
  });

  it("flags a new policy enabled without report-only, against the git base", async () => {
    const root = await exampleWith([]);
    const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "base");
    const file = path.join(root, "policies/conditional-access/guests.yaml");
    await writeFile(
      file,
      (await readFile(file, "utf8")) +
        "  - id: ca402-guests-terms\n    displayName: " +
        "CA402-Guests-Compliance-AllApps-AnyPlatform-MFA\n    description: New policy\n    state: " +
        "enabled\n    users: { include: { guestsOrExternalUsers: [b2bCollaborationGuest] } }\n    " +
        "applications: { include: [Office365] }\n    grant: { controls: [mfa] }\n",
    );
    const cap = captureOutput();
    expect(await runValidate({ catalog: root, format: "human", base: "HEAD", today: TODAY }, cap.out)).toBe(1);
    expect(cap.stderr()).toMatch(/guests\.yaml:\d+:\d+: error IDAC-CA-012 .*\n.*'ca402-guests-terms' is new and enabled/);
  });

  it("triggers every pack on a seeded unsafe variant of the example", async () => {
    const r = await validate([
      { file: GLOBAL, find: "    clientAppTypes: [exchangeActiveSync, other]\n", replace: "    clientAppTypes: [other]\n" },
      { file: "roles/privileged.yaml", find: "      maxDurationHours: 1\n", replace: "      maxDurationHours: 4\n" },
      {
        file: "roles/finance.yaml",
        find: "      expiry: { afterDays: 365 }\n      review: { frequency: halfyearly",
        replace: "      expiry: { never: true }\n      review: { frequency: halfyearly",
      },
      { file: "roles/ict.yaml", find: "      when: { department: ICT }", replace: "      when: { userType: Member }" },
      {
        file: "roles/supply-chain.yaml",
        find: "      requestors: { scope: groups, groups: [sc-procurement-staff] }",
        replace: "      requestors: { scope: groups, groups: [sc-staff-all] }",
      },
    ]);
    expect(r.code).toBe(1);
    const packs = new Set(r.findings.filter((f) => f.level === "error").map((f) => f.rule.split("-")[1]));
    expect([...packs].sort()).toEqual(["CA", "GOV", "HYG", "PRIV", "SOD"]);
  });
});

describe("the role-assignable group limit", () => {
  it("is a finding above 500 role-assignable groups", async () => {
    const groups = Array.from(
      { length: 496 },
      (_, i) =>
        `  - id: adm-${i}\n    displayName: ADM Admins ${i}\n    description: Generated\n ` +
        `   owners: [a.one@meridian.org, a.two@meridian.org]\n    assignableToRole: true\n    ` +
        `membership: { type: assigned }\n`,
    ).join("");
    const r = await validate([], { "roles/many.yaml": `groups:\n${groups}` });
    const found = r.findings.filter((f) => f.rule === "IDAC-PRIV-008");
    expect(found.map((f) => f.environments)).toEqual([["dev"], ["prod"]]);
    for (const f of found) expect(f).toMatchObject({ level: "error", message: expect.stringMatching(/creates 502 role-assignable groups/) });
    expect(r.code).toBe(1);
  });
});
