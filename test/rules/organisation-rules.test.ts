import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runReport } from "../../src/cli/commands/report";
import { runRules } from "../../src/cli/commands/rules";
import { runValidate } from "../../src/cli/commands/validate";
import type { Finding } from "../../src/guardrails/types";
import type { CatalogIssue } from "../../src/errors/issue";
import type { PolicyChange } from "../../src/policy";
import { captureOutput, OWNERS } from "../helpers/catalog";
import { commitAll, groupPrefixRule, ruleRepo, write } from "../helpers/rule-repo";

const TODAY = "2026-12-02";
const GROUPS = `groups:
  - id: fin-ap
    displayName: FIN Accounts Payable
    description: d
    owners: ${OWNERS}
    membership: { type: assigned }
  - id: misc
    displayName: Misc people
    description: d
    owners: ${OWNERS}
    membership: { type: assigned }
`;

interface Run {
  code: number;
  findings: Finding[];
  issues: CatalogIssue[];
  policyChanges: (PolicyChange & { allowed: boolean })[];
  stderr: string;
}

async function validate(root: string, options: { base?: string; allow?: string[]; format?: "json" | "human" } = {}): Promise<Run> {
  const cap = captureOutput();
  const code = await runValidate(
    {
      catalog: root,
      format: options.format ?? "json",
      today: TODAY,
      ...(options.base ? { base: options.base } : {}),
      ...(options.allow ? { allow: options.allow } : {}),
    },
    cap.out,
  );
  const json = options.format === "human" ? { findings: [], issues: [], policyChanges: [] } : JSON.parse(cap.stdout());
  return { code, findings: json.findings ?? [], issues: json.issues, policyChanges: json.policyChanges ?? [], stderr: cap.stderr() };
}

const ours = (r: Run, id = "ACME-NAMING-001") => r.findings.filter((f) => f.rule === id);

describe("organisation rules in validate", () => {
  it("runs a TypeScript rule from rules/ and reports its finding with its own ID, controls and file:line", async () => {
    const root = await ruleRepo({ "roles/groups.yaml": GROUPS, "rules/naming.ts": groupPrefixRule("ACME-NAMING-001", "FIN ") });
    const r = await validate(root);
    expect(ours(r)).toMatchObject([
      {
        rule: "ACME-NAMING-001",
        level: "error",
        status: "fail",
        entry: { section: "groups", id: "misc" },
        file: "roles/groups.yaml",
        line: 8,
        controls: ["ACME-7.1"],
        message: "Group 'misc' is not named FIN ….",
      },
    ]);
    expect(r.code).toBe(1);
  });

  it("loads JavaScript rules with plain import, without tsx", async () => {
    const js =
      `const mark = Symbol.for("idac.organisation-rule");
export default [{ [mark]: true, id: "ACME-JS-001", level: "warning", title: "Every group should be called misc", controls: [], fix: "Rename it.",
  check: (ctx) => ctx.catalog.groups.filter((g) => g.id !== "misc").map((g) => ({ at: ` +
      `g.source, entry: { section: "groups", id: g.id }, message: "not misc" })) }];
`;
    const root = await ruleRepo({ "roles/groups.yaml": GROUPS, "rules/plain.mjs": js }, { tsx: false });
    const r = await validate(root);
    expect(ours(r, "ACME-JS-001").map((f) => f.entry.id)).toEqual(["fin-ap"]);
  });

  it("fails when a TypeScript rule is found but the catalog repository has no tsx, naming the fix", async () => {
    const root = await ruleRepo({ "roles/groups.yaml": GROUPS, "rules/naming.ts": groupPrefixRule("ACME-NAMING-001", "FIN ") }, { tsx: false });
    const r = await validate(root);
    expect(r.code).toBe(2);
    expect(r.issues).toContainEqual(
      expect.objectContaining({ code: "RULES_TSX_MISSING", file: "rules/naming.ts", hint: expect.stringContaining("npm install --save-dev tsx") }),
    );
  });

  it("fails when a rule takes an IDAC- ID or another rule's ID, naming the files and the line of the ID", async () => {
    const root = await ruleRepo({
      "roles/groups.yaml": GROUPS,
      "rules/a.ts": groupPrefixRule("ACME-NAMING-001", "FIN "),
      "rules/b.ts": groupPrefixRule("ACME-NAMING-001", "HR "),
      "rules/c.ts": groupPrefixRule("IDAC-CA-001", "X"),
    });
    const r = await validate(root);
    expect(r.code).toBe(2);
    expect(r.issues.filter((i) => i.code.startsWith("RULES_")).map((i) => `${i.file}:${i.line}:${i.col} ${i.code}: ${i.message}`)).toEqual([
      "rules/b.ts:4:7 RULES_DUPLICATE_ID: Organisation rule ID ACME-NAMING-001 in rules/b.ts is already used by a rule in rules/a.ts.",
      "rules/c.ts:4:7 RULES_RESERVED_ID: Organisation rule IDAC-CA-001 in rules/c.ts uses an ID reserved for idac's own rules (it is one of them).",
    ]);
  });

  it("fails when a rule file does not load or a rule breaks the metadata contract, reporting every file at once", async () => {
    const root = await ruleRepo({
      "roles/groups.yaml": GROUPS,
      "rules/broken.ts": "export const x = ;\n",
      "rules/partial.ts":
        `import { defineRule } from "idac/rules";\nexport const r = ` +
        `defineRule({ id: "acme-lower", level: "fatal", title: "", controls: "none", check: 1 } ` +
        `as never);\n`,
    });
    const r = await validate(root);
    expect(r.code).toBe(2);
    const byFile = Object.fromEntries(r.issues.filter((i) => i.file.startsWith("rules/")).map((i) => [i.file, i]));
    expect(byFile["rules/broken.ts"]).toMatchObject({ code: "RULES_LOAD_FAILED", message: expect.stringContaining("rules/broken.ts could not be loaded") });
    expect(byFile["rules/partial.ts"]).toMatchObject({ code: "RULES_INVALID", line: 2 });
    expect(byFile["rules/partial.ts"]!.message).toMatch(/id must be .*level must be .*title must .*fix must .*controls must .*check must/);
  });

  it("reports a rule that throws as an UNKNOWN error-level finding naming the rule and its file, and goes on", async () => {
    const root = await ruleRepo({
      "roles/groups.yaml": GROUPS,
      "rules/naming.ts": groupPrefixRule("ACME-NAMING-001", "FIN "),
      "rules/throws.ts":
        `import { defineRule } from "idac/rules";\nexport const r = ` +
        `defineRule({ id: "ACME-BOOM-001", level: "info", title: "t", controls: [], fix: "f", ` +
        `check: () => { throw new Error("no HR data"); } });\n`,
      "rules/async.ts":
        `import { defineRule } from "idac/rules";\nexport const r = ` +
        `defineRule({ id: "ACME-ASYNC-001", level: "info", title: "t", controls: [], fix: "f", ` +
        `check: (async () => []) as never });\n`,
    });
    const r = await validate(root);
    expect(r.code).toBe(1);
    expect(ours(r, "ACME-BOOM-001")).toMatchObject([
      {
        level: "error",
        status: "unknown",
        message: expect.stringContaining("Organisation rule ACME-BOOM-001 (rules/throws.ts) could not be evaluated (no HR data)"),
      },
    ]);
    expect(ours(r, "ACME-ASYNC-001")).toMatchObject([{ level: "error", status: "unknown", message: expect.stringContaining("returned a promise") }]);
    expect(ours(r)).toHaveLength(1);
  });

  it("applies the policy to organisation rules: levels, suppressions with reasons, protected rules", async () => {
    const protectedRule = groupPrefixRule("ACME-NAMING-002", "FIN ", "\n  protectsTenant: true,");
    const root = await ruleRepo({
      "roles/groups.yaml": GROUPS,
      "rules/naming.ts": groupPrefixRule("ACME-NAMING-001", "FIN "),
      "rules/protected.ts": protectedRule,
      "policies/guardrails.yaml": `guardrails:
  levels:
    - { rule: ACME-NAMING-001, level: warning }
    - { rule: ACME-NAMING-002, level: info }
  suppressions:
    - { rule: ACME-NAMING-003, reason: A rule that does not exist anywhere at all, expires: 2027-01-31 }
`,
    });
    const r = await validate(root);
    expect(r.code).toBe(2);
    expect(r.issues.map((i) => i.code)).toEqual(expect.arrayContaining(["GUARDRAIL_PROTECTED_RULE", "GUARDRAIL_UNKNOWN_RULE"]));
    expect(r.issues.find((i) => i.code === "GUARDRAIL_UNKNOWN_RULE")!.hint).toContain("ACME-NAMING-001");
  });
});

describe("organisation rules against the protected base", () => {
  const base = async (rule = groupPrefixRule("ACME-NAMING-001", "FIN ")) => {
    const root = await ruleRepo({ "roles/groups.yaml": GROUPS, "rules/naming.ts": rule });
    commitAll(root);
    return root;
  };

  it("runs the base's rules unchanged with --base, and leaves no copy behind", async () => {
    const root = await base();
    const r = await validate(root, { base: "HEAD" });
    expect(ours(r).map((f) => f.entry.id)).toEqual(["misc"]);
    expect(r.policyChanges).toEqual([]);
    expect((await readdir(root)).filter((n) => n.startsWith(".idac-base-rules-"))).toEqual([]);
  });

  it("catches a pull request that weakens a rule file: the base's version runs and the change needs policy-change", async () => {
    const root = await base();
    await write(root, "rules/naming.ts", groupPrefixRule("ACME-NAMING-001", ""));
    const r = await validate(root, { base: "HEAD", format: "json" });
    expect(r.code).toBe(1);
    expect(r.policyChanges).toMatchObject([
      {
        kind: "rule-code",
        allowedBy: "policy-change",
        allowed: false,
        at: { file: "rules/naming.ts" },
        message: expect.stringContaining("rules/naming.ts changes"),
      },
    ]);
    expect(ours(r).map((f) => f.entry.id)).toEqual(["misc"]);

    const allowed = await validate(root, { base: "HEAD", allow: ["policy-change"] });
    expect(allowed.policyChanges).toMatchObject([{ kind: "rule-code", allowed: true }]);
    expect(ours(allowed)).toEqual([]);
  });

  it("does not run a rule a pull request adds until the change is allowed, not even the file's top level", async () => {
    const root = await base();
    const marker = path.join(root, "ran.txt");
    await write(
      root,
      "rules/new.ts",
      `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "ran");\n${groupPrefixRule("ACME-NEW-001", "HR ")}`,
    );
    const blocked = await validate(root, { base: "HEAD" });
    expect(existsSync(marker)).toBe(false);
    expect(blocked.policyChanges).toMatchObject([{ kind: "rule-code", allowed: false, message: expect.stringContaining("rules/new.ts is added") }]);
    expect(ours(blocked, "ACME-NEW-001")).toEqual([]);
    expect(ours(blocked).map((f) => f.entry.id)).toEqual(["misc"]);

    const human = await validate(root, { base: "HEAD", format: "human" });
    expect(human.stderr).toContain("Organisation rules: 1 from rules/ at HEAD (the change of rules/ is not allowed, so its code did not run).");

    const allowed = await validate(root, { base: "HEAD", allow: ["policy-change"] });
    expect(existsSync(marker)).toBe(true);
    expect(
      ours(allowed, "ACME-NEW-001")
        .map((f) => f.entry.id)
        .sort(),
    ).toEqual(["fin-ap", "misc"]);
  });

  it("catches a pull request that deletes a rule file, or a helper a rule imports", async () => {
    const root = await ruleRepo({
      "roles/groups.yaml": GROUPS,
      "rules/lib/prefix.ts": `export const PREFIX = "FIN ";\n`,
      "rules/naming.ts": groupPrefixRule("ACME-NAMING-001", "FIN ")
        .replace('"FIN ")', "PREFIX)")
        .replace("import { defineRule", 'import { PREFIX } from "./lib/prefix.ts";\nimport { defineRule'),
      "rules/other.ts": groupPrefixRule("ACME-OTHER-001", "FIN "),
    });
    commitAll(root);
    await write(root, "rules/lib/prefix.ts", `export const PREFIX = "";\n`);
    const { rm } = await import("node:fs/promises");
    await rm(path.join(root, "rules/other.ts"));
    const r = await validate(root, { base: "HEAD" });
    expect(r.policyChanges.map((c) => c.message)).toEqual([
      expect.stringContaining("rules/lib/prefix.ts changes"),
      expect.stringContaining("rules/other.ts is removed"),
    ]);
    expect(ours(r).map((f) => f.entry.id)).toEqual(["misc"]);
    expect(ours(r, "ACME-OTHER-001").map((f) => f.entry.id)).toEqual(["misc"]);
  });

  it("judges a level setting for an organisation rule like one for idac's own: lowering it from error is a policy change", async () => {
    const root = await base();
    await write(root, "policies/guardrails.yaml", "guardrails:\n  levels:\n    - { rule: ACME-NAMING-001, level: info }\n");
    const r = await validate(root, { base: "HEAD" });
    expect(r.policyChanges).toMatchObject([
      { kind: "level", allowed: false, message: expect.stringContaining("ACME-NAMING-001 is lowered from error to info") },
    ]);
    expect(ours(r)).toMatchObject([{ level: "error" }]);
  });
});

describe("idac report findings", () => {
  it("lists organisation rule findings with the rules of the revision it reports on", async () => {
    const root = await ruleRepo({ "roles/groups.yaml": GROUPS, "rules/naming.ts": groupPrefixRule("ACME-NAMING-001", "FIN ") });
    commitAll(root);
    await write(root, "rules/naming.ts", groupPrefixRule("ACME-NAMING-001", "Misc"));
    const rows = async (at?: string) => {
      const cap = captureOutput();
      expect(await runReport({ catalog: root, kind: "findings", format: "json", today: TODAY, ...(at ? { at } : {}) }, cap.out)).toBe(0);
      const json = JSON.parse(cap.stdout()) as { reports: { rows: { rule: string; entry: string; controls: string }[] }[] };
      return json.reports[0]!.rows.filter((r) => r.rule === "ACME-NAMING-001").map((r) => `${r.entry} ${r.controls}`);
    };
    expect(await rows()).toEqual(["groups/fin-ap ACME-7.1"]);
    expect(await rows("HEAD")).toEqual(["groups/misc ACME-7.1"]);
  });
});

describe("idac rules", () => {
  it("lists organisation rules after idac's own, with the file that defines each", async () => {
    const root = await ruleRepo({ "rules/naming.ts": groupPrefixRule("ACME-NAMING-001", "FIN ") });
    const cap = captureOutput();
    expect(await runRules({ format: "json", catalog: root }, cap.out)).toBe(0);
    const listed = JSON.parse(cap.stdout()) as { id: string; pack: string; source?: string; controls?: string[] }[];
    expect(listed.at(-1)).toMatchObject({ id: "ACME-NAMING-001", pack: "organisation", source: "rules/naming.ts", controls: ["ACME-7.1"] });
    const md = captureOutput();
    await runRules({ format: "md", catalog: root }, md.out);
    expect(md.stdout()).toContain("Defined in: rules/naming.ts");
  });

  it("fails when a rule file is invalid, naming it", async () => {
    const root = await ruleRepo({ "rules/a.ts": groupPrefixRule("IDAC-X-001", "FIN ") });
    const cap = captureOutput();
    expect(await runRules({ format: "md", catalog: root }, cap.out)).toBe(2);
    expect(cap.stderr()).toContain("rules/a.ts:4:7: error RULES_RESERVED_ID");
  });
});
