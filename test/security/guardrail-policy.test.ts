import { execFileSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runReport } from "../../src/cli/commands/report";
import { runValidate } from "../../src/cli/commands/validate";
import type { Finding } from "../../src/guardrails/types";
import { captureOutput } from "../helpers/catalog";
import { exampleWith, type Patch } from "../guardrails/example-copy";

/**
 * The guardrail policy against the pull-request author: levels, suppressions, break-glass, limits, SoD rules and
 * personas are taken from the protected base; a change of them is reported first and passes only with its intent.
 * Each case commits the bundled example as the base, then applies the attack as a working-tree change.
 */
const TODAY = "2026-11-22";
const GUARDRAILS = "policies/guardrails.yaml";
const GLOBAL = "policies/conditional-access/global.yaml";
const ATTACKER = "0badc0de-0000-4000-8000-000000000666";
const NO_EXPIRY: Patch = {
  file: "roles/finance.yaml",
  find: "      expiry: { afterDays: 365 }\n      review: { frequency: halfyearly",
  replace: "      expiry: { never: true }\n      review: { frequency: halfyearly",
};

interface Result {
  code: number;
  stderr: string;
  findings: Finding[];
  issues: { code: string; file: string; line: number; message: string }[];
  policyChanges: { kind: string; allowedBy: string; allowed: boolean; message: string; at: { file: string; line: number } }[];
  policy: string;
}

/** A repository whose HEAD is the example (plus `baseFiles`), with `attack` applied on top, uncommitted. */
async function repo(
  attack: { patches?: Patch[]; files?: Record<string, string> },
  base: { patches?: Patch[]; files?: Record<string, string> } = {},
): Promise<string> {
  const root = await exampleWith(base.patches ?? []);
  for (const [file, text] of Object.entries(base.files ?? {})) await writeFile(path.join(root, file), text);
  const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("-c", "user.name=Base", "-c", "user.email=base@example.org", "commit", "-qm", "protected base");
  for (const p of attack.patches ?? []) {
    const file = path.join(root, p.file);
    const text = await readFile(file, "utf8");
    if (!text.includes(p.find)) throw new Error(`attack does not apply: '${p.find}' not in ${p.file}`);
    await writeFile(file, text.replace(p.find, p.replace));
  }
  for (const [file, text] of Object.entries(attack.files ?? {})) await writeFile(path.join(root, file), text);
  return root;
}

async function validate(root: string, options: { allow?: string[]; base?: string | null; today?: string } = {}): Promise<Result> {
  const base = options.base === null ? {} : { base: options.base ?? "HEAD" };
  const run = { catalog: root, ...base, ...(options.allow ? { allow: options.allow } : {}), ...(options.today === undefined ? { today: TODAY } : {}) };
  const human = captureOutput();
  const code = await runValidate({ ...run, format: "human" }, human.out);
  const json = captureOutput();
  await runValidate({ ...run, format: "json" }, json.out);
  const parsed = json.stdout() ? (JSON.parse(json.stdout()) as Omit<Result, "code" | "stderr">) : { findings: [], issues: [], policyChanges: [], policy: "" };
  return { code, stderr: human.stderr(), ...parsed };
}

const lineOf = async (root: string, file: string, text: string) =>
  (await readFile(path.join(root, file), "utf8")).split("\n").findIndex((l) => l.includes(text)) + 1;
const guardrails = (body: string) => ({ [GUARDRAILS]: `guardrails:\n${body}` });

describe("rules that protect the tenant cannot be lowered", () => {
  it.each([
    ["IDAC-PRIV-001", "info", ""],
    ["IDAC-CA-011", "warning", ", environments: [dev]"],
    ["IDAC-CA-001", "info", ""],
    ["IDAC-PRIV-004", "warning", ", environments: [prod]"],
    ["IDAC-GOV-004", "info", ""],
  ])("refuses %s lowered to %s, with exit 2 at the level's line, whatever the base says", async (rule, level, envs) => {
    const root = await repo({ files: guardrails(`  levels:\n    - { rule: ${rule}, level: ${level}${envs} }\n`) });
    for (const r of [await validate(root), await validate(root, { base: null }), await validate(root, { allow: ["policy-change"] })]) {
      expect(r.code).toBe(2);
      expect(r.issues).toEqual([
        expect.objectContaining({ code: "GUARDRAIL_PROTECTED_RULE", file: GUARDRAILS, line: 3, message: expect.stringContaining(`${rule} (`) }),
      ]);
    }
  });

  it("fails when a standing Global Administrator is hidden by lowering IDAC-PRIV-001 in any catalog file", async () => {
    const root = await repo({
      patches: [
        {
          file: "roles/privileged.yaml",
          find: "    activation:\n      maxDurationHours: 1\n",
          replace: "    active:\n      - { principal: omar.haddad@meridian.org, permanent: true }\n    activation:\n      maxDurationHours: 1\n",
        },
      ],
      files: { "roles/zz-levels.yaml": "guardrails:\n  levels:\n    - { rule: IDAC-PRIV-001, level: info }\n" },
    });
    const r = await validate(root);
    expect(r.code).toBe(2);
    expect(r.issues.map((i) => [i.code, i.file])).toEqual([["GUARDRAIL_MISPLACED", "roles/zz-levels.yaml"]]);
  });
});

describe("a lowered level is a policy change", () => {
  it("blocks an error-level rule lowered to warning, judges the change by the base's level, and passes only with allow-policy-change", async () => {
    const root = await repo({ patches: [NO_EXPIRY], files: guardrails("  levels:\n    - { rule: IDAC-GOV-002, level: warning }\n") });
    const r = await validate(root);
    expect(r.code).toBe(1);
    expect(r.policy).toBe("base");
    expect(r.policyChanges).toEqual([
      expect.objectContaining({
        kind: "level",
        allowedBy: "policy-change",
        allowed: false,
        at: expect.objectContaining({ file: GUARDRAILS, line: 3 }),
        message: "IDAC-GOV-002 is lowered from error to warning in dev, prod: its findings would no longer fail the change.",
      }),
    ]);
    expect(r.findings.filter((f) => f.rule === "IDAC-GOV-002").map((f) => f.level)).toEqual(["error"]);
    expect(r.stderr.indexOf("Policy changes against HEAD (1)")).toBe(0);
    expect(r.stderr).toMatch(/policy-change BLOCKED \(level\)/);
    const allowed = await validate(root, { allow: ["policy-change"] });
    expect(allowed.code).toBe(0);
    expect(allowed.findings.filter((f) => f.rule === "IDAC-GOV-002").map((f) => f.level)).toEqual(["warning"]);
    expect(allowed.policyChanges.map((c) => c.allowed)).toEqual([true]);
  });

  it("does not ask for intent to raise a level or to remove a suppression", async () => {
    const root = await repo(
      { files: guardrails("  levels:\n    - { rule: IDAC-HYG-001, level: error }\n") },
      {
        files: guardrails("  suppressions:\n    - { rule: IDAC-CA-008, reason: Device compliance rollout is planned for this spring, expires: 2027-03-31 }\n"),
      },
    );
    const r = await validate(root);
    expect(r.policyChanges).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("lets a warning-level rule be lowered to info without intent (it never decides whether a change passes)", async () => {
    const root = await repo({ files: guardrails("  levels:\n    - { rule: IDAC-CA-008, level: info }\n") });
    const r = await validate(root);
    expect(r.policyChanges).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe("suppressions are bounded and come from the base", () => {
  const excludeBg: Patch = {
    file: GLOBAL,
    find: "    grant: { controls: [mfa] }\n  - id: ca009",
    replace: "    grant: { controls: [mfa] }\n    excludeBreakGlass: false\n    SUPPRESS  - id: ca009",
  };
  const withSuppression = (s: string): Patch[] => [{ ...excludeBg, replace: excludeBg.replace.replace("SUPPRESS", `suppress:\n      - ${s}\n`) }];

  it.each([
    [
      "a reason of ten spaces",
      "{ rule: IDAC-CA-011, reason: '          ', expires: 2027-03-31, ticket: SEC-1 }",
      "SCHEMA_INVALID_VALUE",
      /reason.*too short.*20 characters after trimming/,
    ],
    [
      "a reason of one repeated letter",
      "{ rule: IDAC-CA-011, reason: xxxxxxxxxxxxxxxxxxxxxxxxx, expires: 2027-03-31, ticket: SEC-1 }",
      "SCHEMA_INVALID_VALUE",
      /in words/,
    ],
    [
      "a reason padded with spaces to the minimum",
      "{ rule: IDAC-CA-011, reason: '   ok   ok   ok   ok   ', expires: 2027-03-31, ticket: SEC-1 }",
      "SCHEMA_INVALID_VALUE",
      /too short/,
    ],
    [
      "an expiry in the year 9999",
      "{ rule: IDAC-CA-011, reason: Break-glass sign-ins alert the SOC directly, expires: 9999-12-31, ticket: SEC-1 }",
      "GUARDRAIL_SUPPRESSION_TOO_LONG",
      /expires on 9999-12-31, more than 365 days ahead \(at most 2027-11-22\)/,
    ],
    [
      "no ticket for an error-level rule",
      "{ rule: IDAC-CA-011, reason: Break-glass sign-ins alert the SOC directly, expires: 2027-03-31 }",
      "GUARDRAIL_SUPPRESSION_UNBOUND",
      /has no ticket/,
    ],
    [
      "a ticket of spaces",
      "{ rule: IDAC-CA-011, reason: Break-glass sign-ins alert the SOC directly, expires: 2027-03-31, ticket: '   ' }",
      "SCHEMA_INVALID_VALUE",
      /ticket/,
    ],
  ])("refuses a suppression with %s (exit 2, at its line)", async (_name, suppression, code, message) => {
    const root = await repo({ patches: withSuppression(suppression) });
    const r = await validate(root);
    expect(r.code).toBe(2);
    const line = await lineOf(root, GLOBAL, "rule: IDAC-CA-011");
    expect(r.issues).toEqual([expect.objectContaining({ code, file: GLOBAL, line, message: expect.stringMatching(message) })]);
  });

  it("refuses a central suppression of an error-level rule that names no entry", async () => {
    const root = await repo({
      files: guardrails(
        "  suppressions:\n    - { rule: IDAC-CA-011, reason: Break-glass sign-ins alert the SOC directly, expires: 2027-03-31, ticket: SEC-9 }\n",
      ),
    });
    const r = await validate(root);
    expect(r.code).toBe(2);
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: "GUARDRAIL_SUPPRESSION_UNBOUND",
        file: GUARDRAILS,
        line: 3,
        message: expect.stringMatching(/applies to every entry, but IDAC-CA-011 is at error level/),
      }),
    ]);
  });

  it("refuses a suppression bound to an entry that does not exist, suggesting the closest", async () => {
    const root = await repo({
      files: guardrails(
        "  suppressions:\n    - { rule: IDAC-CA-011, entry: ca008-mfa-all-user, reason: " +
          "Break-glass sign-ins alert the SOC directly, expires: 2027-03-31, ticket: SEC-9 }\n",
      ),
    });
    const r = await validate(root);
    expect(r.code).toBe(2);
    expect(r.issues).toEqual([expect.objectContaining({ code: "GUARDRAIL_UNKNOWN_ENTRY", line: 3, message: expect.stringContaining("'ca008-mfa-all-user'") })]);
    expect(r.stderr).toMatch(/Did you mean 'ca008-mfa-all-users'\?/);
  });

  it("refuses a level for an environment that does not exist", async () => {
    const root = await repo({ files: guardrails("  levels:\n    - { rule: IDAC-HYG-001, level: info, environments: [prd] }\n") });
    const r = await validate(root);
    expect(r.code).toBe(2);
    expect(r.issues).toEqual([expect.objectContaining({ code: "GUARDRAIL_UNKNOWN_ENVIRONMENT", file: GUARDRAILS, line: 3 })]);
    expect(r.stderr).toMatch(/Did you mean 'prod'\?/);
  });

  it("blocks three well-formed suppressions that let a block-everyone policy without break-glass exclusion pass", async () => {
    const blockAll =
      "  - id: ca099-block-everyone\n    displayName: " +
      "CA099-Global-AttackSurfaceReduction-AllApps-AnyPlatform-Block\n    description: Blocks " +
      "everyone\n    state: enabled\n    users: { include: { all: true } }\n    applications: { " +
      "include: [All] }\n    grant: { block: true }\n    excludeBreakGlass: false\n";
    const suppress = (rule: string) =>
      `    - { rule: ${rule}, entry: ca099-block-everyone, reason: Approved emergency lockdown of the tenant, expires: 2027-01-31, ticket: SEC-666 }\n`;
    const root = await repo({
      patches: [{ file: GLOBAL, find: "conditionalAccessPolicies:\n", replace: `conditionalAccessPolicies:\n${blockAll}` }],
      files: guardrails(`  suppressions:\n${["IDAC-CA-011", "IDAC-CA-012", "IDAC-CA-033"].map(suppress).join("")}`),
    });
    const r = await validate(root);
    expect(r.code).toBe(1);
    expect(r.policyChanges.map((c) => [c.kind, c.allowed])).toEqual([
      ["suppression", false],
      ["suppression", false],
      ["suppression", false],
    ]);
    const failing = r.findings.filter((f) => f.level === "error" && !f.suppressed).map((f) => f.rule);
    expect(failing).toEqual(expect.arrayContaining(["IDAC-CA-011", "IDAC-CA-012"]));
  });

  it("blocks a new entry-bound suppression with a ticket until it is allowed, then applies it", async () => {
    const root = await repo({
      patches: withSuppression("{ rule: IDAC-CA-011, reason: Break-glass sign-ins alert the SOC directly, expires: 2027-03-31, ticket: SEC-42 }"),
      files: guardrails(
        "  suppressions:\n    - { rule: IDAC-CA-033, entry: ca008-mfa-all-users, reason: " +
          "The break-glass persona signs in with MFA by design, expires: 2027-03-31, ticket: SEC-42 " +
          "}\n",
      ),
    });
    const r = await validate(root);
    expect(r.code).toBe(1);
    expect(r.policyChanges).toEqual([
      expect.objectContaining({
        kind: "suppression",
        message: "A suppression of IDAC-CA-011 on 'ca008-mfa-all-users' is added (until 2027-03-31): its error-level findings would no longer fail the change.",
      }),
      expect.objectContaining({
        kind: "suppression",
        message: "A suppression of IDAC-CA-033 on 'ca008-mfa-all-users' is added (until 2027-03-31): its error-level findings would no longer fail the change.",
      }),
    ]);
    expect(r.findings.filter((f) => f.rule === "IDAC-CA-011").map((f) => f.suppressed)).toEqual([undefined]);
    const allowed = await validate(root, { allow: ["policy-change"] });
    expect(allowed.code).toBe(0);
    expect(allowed.findings.filter((f) => f.rule === "IDAC-CA-011").map((f) => f.suppressed?.ticket)).toEqual(["SEC-42"]);
  });

  it("blocks a suppression whose expiry is pushed further out", async () => {
    const s = (expires: string) =>
      guardrails(
        `  suppressions:\n    - { rule: IDAC-CA-011, entry: ca008-mfa-all-users, reason: ` +
          `Break-glass sign-ins alert the SOC directly, expires: ${expires}, ticket: SEC-42 }\n`,
      );
    const bg = [
      {
        file: GLOBAL,
        find: "    grant: { controls: [mfa] }\n  - id: ca009",
        replace: "    grant: { controls: [mfa] }\n    excludeBreakGlass: false\n  - id: ca009",
      },
    ];
    const root = await repo({ files: s("2027-06-30") }, { patches: bg, files: s("2027-01-31") });
    const r = await validate(root);
    expect(r.code).toBe(1);
    expect(r.policyChanges.map((c) => c.message)).toEqual([
      "The suppression of IDAC-CA-011 on 'ca008-mfa-all-users' is extended from 2027-01-31 to 2027-06-30.",
    ]);
  });

  it("warns about a suppression that matches no finding", async () => {
    const root = await repo(
      {},
      { files: guardrails("  suppressions:\n    - { rule: IDAC-CA-024, reason: Downloads are limited by the DLP proxy instead, expires: 2027-03-31 }\n") },
    );
    const r = await validate(root);
    expect(r.code).toBe(0);
    expect(r.issues).toEqual([]);
    const unused = await validate(
      await repo(
        {},
        {
          files: guardrails(
            "  suppressions:\n    - { rule: IDAC-CA-013, reason: Kept from an earlier " +
              "policy that is gone now, expires: 2027-03-31, entry: ca008-mfa-all-users, ticket: SEC-1 }\n",
          ),
        },
      ),
    );
    expect(unused.code).toBe(0);
    expect(unused.issues).toEqual([expect.objectContaining({ code: "GUARDRAIL_SUPPRESSION_UNUSED", line: 3 })]);
  });
});

describe("break-glass cannot be moved by a pull request", () => {
  it("blocks the prod break-glass accounts replaced by the author's own object ID, even with allow-policy-change", async () => {
    const root = await repo({
      patches: [{ file: "environments/prod.yaml", find: "        - d2a6f0b8-4e1c-4397-8b5a-1f7c3e9d6b45\n", replace: `        - ${ATTACKER}\n` }],
    });
    const r = await validate(root, { allow: ["policy-change"] });
    expect(r.code).toBe(1);
    const line = await lineOf(root, "environments/prod.yaml", "breakGlass:");
    expect(r.policyChanges).toEqual([
      expect.objectContaining({
        kind: "break-glass",
        allowedBy: "break-glass",
        allowed: false,
        at: expect.objectContaining({ file: "environments/prod.yaml", line: line + 1 }),
        message: `Break-glass accounts of 'prod' gain ${ATTACKER}: every conditional access policy would exclude them.`,
      }),
      expect.objectContaining({
        kind: "break-glass",
        message:
          "Break-glass accounts of 'prod' lose d2a6f0b8-4e1c-4397-8b5a-1f7c3e9d6b45: the " +
          "emergency-access accounts would no longer be excluded from conditional access.",
      }),
    ]);
    expect((await validate(root, { allow: ["break-glass"] })).code).toBe(0);
  });

  it.each([
    [
      "a break-glass group removed",
      { file: "environments/prod.yaml", find: "      group: 6e2b8d4f-0a7c-4f13-9d68-3b1e5a7c0f56\n", replace: "" },
      "Break-glass group of 'prod' changes from 6e2b8d4f-0a7c-4f13-9d68-3b1e5a7c0f56 to none.",
    ],
    [
      "an extra account added",
      {
        file: "environments/prod.yaml",
        find: "        - d2a6f0b8-4e1c-4397-8b5a-1f7c3e9d6b45\n",
        replace: `        - d2a6f0b8-4e1c-4397-8b5a-1f7c3e9d6b45\n        - ${ATTACKER}\n`,
      },
      `Break-glass accounts of 'prod' gain ${ATTACKER}: every conditional access policy would exclude them.`,
    ],
    [
      "an account's case changed only",
      { file: "environments/prod.yaml", find: "        - d2a6f0b8-4e1c-4397-8b5a-1f7c3e9d6b45\n", replace: "        - D2A6F0B8-4E1C-4397-8B5A-1F7C3E9D6B45\n" },
      undefined,
    ],
  ])("judges %s", async (_name, patch, message) => {
    const r = await validate(await repo({ patches: [patch] }));
    expect(r.policyChanges.map((c) => c.message)).toEqual(message ? [message] : []);
    expect(r.code).toBe(message ? 1 : 0);
  });

  it("blocks a new environment until its break-glass accounts are allowed", async () => {
    const staging = (await readFile(path.join(await exampleWith([]), "environments/dev.yaml"), "utf8"))
      .replace("id: dev", "id: staging")
      .replace(/namePrefix: .*/, 'namePrefix: "STG-"');
    const r = await validate(await repo({ files: { "environments/staging.yaml": staging } }));
    expect(r.code).toBe(1);
    expect(r.policyChanges).toEqual([
      expect.objectContaining({
        kind: "break-glass",
        allowedBy: "break-glass",
        message: expect.stringMatching(/^Environment 'staging' is new: its break-glass accounts/),
      }),
    ]);
  });
});

describe("limits, domains, SoD rules and personas are policy too", () => {
  it.each([
    [
      "adds a verified domain",
      "    domains: [meridian.org, meridianrelief.onmicrosoft.com]\n",
      "    domains: [meridian.org, meridianrelief.onmicrosoft.com, meridian-partners.net]\n",
      "Environment 'prod' declares more verified domains: meridian-partners.net.",
    ],
    [
      "drops the domain list",
      "    domains: [meridian.org, meridianrelief.onmicrosoft.com]\n",
      "",
      "Environment 'prod' no longer declares its verified domains (meridian.org, meridianrelief.onmicrosoft.com): people of any domain would pass.",
    ],
    ["removes one domain", "    domains: [meridian.org, meridianrelief.onmicrosoft.com]\n", "    domains: [meridian.org]\n", undefined],
  ])("judges a change that %s", async (_name, find, replace, message) => {
    const r = await validate(await repo({ patches: [{ file: "environments/prod.yaml", find, replace }] }));
    expect(r.policyChanges.map((c) => c.message)).toEqual(message ? [message] : []);
  });

  it("blocks raised plan gate limits and a longer suppression limit", async () => {
    const root = await repo({ files: guardrails("  suppressionMaxDays: 3650\n  planGate: { maxDeletes: 100, maxChanges: 25, maxMembershipRemovals: 10 }\n") });
    const r = await validate(root);
    expect(r.code).toBe(1);
    expect(r.policyChanges.map((c) => [c.kind, c.message])).toEqual([
      ["plan-gate", "The plan gate's maxDeletes is raised from 0 to 100 per stack."],
      ["suppression-limit", "Suppressions may now last 3650 days instead of 365."],
    ]);
  });

  it("blocks an SoD rule removed to make room for a conflicting entitlement, and still finds the conflict under the base's rules", async () => {
    const sod = await readFile(path.join(await exampleWith([]), "policies/sod.yaml"), "utf8");
    const start = sod.indexOf("  - id: sod-vendor-master-vs-payment");
    const end = sod.indexOf("  - id: sod-invoice-vs-payment");
    const root = await repo({
      patches: [
        {
          file: "roles/finance.yaml",
          find: "      groups: [fin-treasury]\n      appRoles: [erp/payment-approver]",
          replace: "      groups: [fin-treasury]\n      appRoles: [erp/payment-approver, erp/vendor-master]",
        },
      ],
      files: { "policies/sod.yaml": sod.slice(0, start) + sod.slice(end) },
    });
    const r = await validate(root);
    expect(r.code).toBe(1);
    expect(r.policyChanges).toEqual([
      expect.objectContaining({
        kind: "sod-rule",
        message: "SoD rule 'sod-vendor-master-vs-payment' (Nobody should both maintain vendor master data and approve payments) is removed.",
      }),
    ]);
    expect(r.findings.filter((f) => f.rule === "IDAC-SOD-001").map((f) => f.message)).toEqual([expect.stringContaining("sod-vendor-master-vs-payment")]);
  });

  it("blocks an SoD rule narrowed or lowered in severity", async () => {
    const root = await repo({
      patches: [
        {
          file: "policies/sod.yaml",
          find: "        entitlements: [role:fin-vendor-master, appRole:erp/vendor-master, group:fin-vendor-master]\n",
          replace: "        entitlements: [role:fin-vendor-master]\n",
        },
        { file: "policies/sod.yaml", find: "    severity: critical\n", replace: "    severity: low\n" },
      ],
    });
    const r = await validate(root);
    expect(r.policyChanges.map((c) => c.message)).toEqual([
      "SoD rule 'sod-vendor-master-vs-payment' no longer covers appRole:erp/vendor-master " +
        "from 'Vendor master data', group:fin-vendor-master from 'Vendor master data'.",
      "SoD rule 'sod-vendor-master-vs-payment' is lowered from critical to low.",
    ]);
  });

  it("blocks an SoD rule no longer enforced when someone requests access", async () => {
    const root = await repo({
      patches: [
        {
          file: "policies/sod.yaml",
          find: "    severity: critical\n    enforcement: incompatible\n",
          replace: "    severity: critical\n    enforcement: reportOnly\n",
        },
      ],
    });
    const r = await validate(root);
    expect(r.policyChanges.map((c) => c.message)).toEqual([
      "SoD rule 'sod-vendor-master-vs-payment' is no longer enforced when someone requests access (enforcement incompatible → reportOnly).",
    ]);
  });

  it("blocks a persona removed or changed, not one added", async () => {
    const removed = await validate(
      await repo({
        patches: [
          {
            file: "policies/personas.yaml",
            find:
              "  - id: finance-staff\n    displayName: Finance staff member " +
              "(Geneva)\n    hr: { department: Finance, employeeType: Staff, jobTitle: Accountant, " +
              "country: CH }\n",
            replace: "",
          },
        ],
      }),
    );
    expect(removed.policyChanges.map((c) => c.message)).toEqual([
      "Persona 'finance-staff' is removed: the coverage rules no longer check how conditional access treats it.",
    ]);
    const added = await validate(
      await repo({
        patches: [
          {
            file: "policies/personas.yaml",
            find: "personas:\n",
            replace: "personas:\n  - id: auditor\n    displayName: External auditor\n    userType: guest\n",
          },
        ],
      }),
    );
    expect(added.policyChanges).toEqual([]);
  });
});

describe("the base itself", () => {
  it("blocks a change whose base catalog is invalid: its policy cannot be compared", async () => {
    const root = await repo({ files: { "roles/broken.yaml": "groups: []\n" } }, { files: { "roles/broken.yaml": "groups: [{ id: Not An Id }]\n" } });
    const r = await validate(root);
    expect(r.code).toBe(1);
    expect(r.policyChanges).toEqual([
      expect.objectContaining({ kind: "base", message: "The catalog at HEAD is not valid, so this change's guardrail policy cannot be compared with it." }),
    ]);
  });

  it("blocks a catalog that the base does not have yet: it establishes the policy", async () => {
    const root = await repo({});
    execFileSync("git", ["-C", root, "rm", "-rq", "--cached", "environments", "roles", "policies"]);
    execFileSync("git", ["-C", root, "-c", "user.name=B", "-c", "user.email=b@example.org", "commit", "-qm", "empty"]);
    const r = await validate(root);
    expect(r.code).toBe(1);
    expect(r.policyChanges.map((c) => c.message)).toEqual([
      "There is no catalog at HEAD: this change establishes the guardrail policy (levels, suppressions, break-glass, limits).",
    ]);
  });
});

describe("inputs that decide the run", () => {
  afterEach(() => vi.unstubAllEnvs());
  beforeEach(() => vi.unstubAllEnvs());

  it.each(["2026-13-45", "yesterday", "2026-02-30", "9999-99-99", " 2026-11-22"])("refuses IDAC_TODAY=%j (exit 2, nothing validated)", async (value) => {
    vi.stubEnv("IDAC_TODAY", value);
    const cap = captureOutput();
    expect(await runValidate({ catalog: await repo({}), format: "human" }, cap.out)).toBe(2);
    expect(cap.stderr()).toContain(`IDAC_TODAY is '${value}', not a real date as YYYY-MM-DD`);
  });

  it("refuses IDAC_TODAY that is not a real date in the findings report too", async () => {
    vi.stubEnv("IDAC_TODAY", "2026-99-01");
    const cap = captureOutput();
    expect(await runReport({ catalog: await repo({}), kind: "findings", format: "md" }, cap.out)).toBe(2);
    expect(cap.stderr()).toContain("IDAC_TODAY is '2026-99-01', not a real date as YYYY-MM-DD");
    expect(cap.stdout()).toBe("");
  });

  it("refuses an unknown --allow value", async () => {
    const cap = captureOutput();
    expect(await runValidate({ catalog: await repo({}), format: "human", allow: ["everything"] }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/Unknown --allow value\(s\) for validate: everything\. Known: policy-change, break-glass/);
  });

  it("refuses the guardrail configuration in any file but policies/guardrails.yaml", async () => {
    const root = await repo({ files: { "roles/extra.yaml": "guardrails:\n  suppressions: []\n" } });
    const r = await validate(root);
    expect(r.code).toBe(2);
    expect(r.issues).toEqual([expect.objectContaining({ code: "GUARDRAIL_MISPLACED", file: "roles/extra.yaml", line: 1 })]);
    await rm(path.join(root, "roles/extra.yaml"));
  });
});
