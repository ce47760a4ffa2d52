import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sodMatrix, type SodAnalysis } from "../../src/analysis/sod";
import type { CatalogIssue } from "../../src/errors/issue";
import { MAX_ISSUES_PER_KIND } from "../../src/errors/limit";
import { environmentView } from "../../src/model/environment";
import { PlanJson } from "../../src/plan/plan-json";
import { summarizePlans } from "../../src/plan/summary";
import { sodMatrixMarkdown } from "../../src/reports/sod-matrix";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { writeCatalog } from "../helpers/catalog";
import { plan, resourceChange } from "../helpers/plan";
import { resources, synthCatalog } from "../helpers/synth";

const BASE = path.resolve(__dirname, "../fixtures/invalid/base");

/** Loads a catalog of the test environment plus one file, and returns the issues of that file. */
async function issuesOf(text: string, file = "roles/x.yaml"): Promise<CatalogIssue[]> {
  const { catalog, issues } = await loadCatalog(await writeCatalog({ [file]: text }));
  expect(catalog).toBeUndefined();
  return issues.filter((i) => i.file === file);
}

/** `file:line:col` of the first occurrence of `needle` in `text`. */
function at(text: string, needle: string): { line: number; col: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' not in the text`);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

/** The base catalog of the bad-input corpus, with text replaced in its files. */
async function baseWith(patches: { file: string; find: string; replace: string }[]): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "idac-security-"));
  await cp(BASE, root, { recursive: true });
  for (const p of patches) {
    const file = path.join(root, p.file);
    const text = await readFile(file, "utf8");
    if (!text.includes(p.find)) throw new Error(`'${p.find}' not in ${p.file}`);
    await writeFile(file, text.replaceAll(p.find, p.replace));
  }
  return root;
}

describe("characters that are never visible text", () => {
  // Each value is written as YAML escapes (or, where marked, the raw character): the decoded value is what is checked.
  it.each([
    [
      "a right-to-left override in a display name",
      'groups:\n  - id: fin-ap\n    displayName: "FIN \\u202eAP"\n',
      '"FIN',
      "groups[0].displayName",
      "U+202E (RIGHT-TO-LEFT OVERRIDE)",
    ],
    [
      "a raw zero-width space in a description",
      "groups:\n  - id: fin-ap\n    description: Accounts\u200bpayable\n",
      "Accounts",
      "groups[0].description",
      "U+200B (ZERO WIDTH SPACE)",
    ],
    [
      "a bell in a suppression reason",
      'groups:\n  - id: fin-ap\n    suppress:\n      - { rule: IDAC-GOV-006, reason: "Accepted for now\\a", expires: 2027-01-01 }\n',
      '"Accepted',
      "groups[0].suppress[0].reason",
      "U+0007 (BELL)",
    ],
    [
      "an ANSI escape in a ticket",
      'groups:\n  - id: fin-ap\n    suppress:\n      - { rule: IDAC-GOV-006, ticket: "SEC-1\\e[2J" }\n',
      '"SEC-1',
      "groups[0].suppress[0].ticket",
      "U+001B (ESCAPE)",
    ],
    [
      "an isolate in an SoD title",
      'sodRules:\n  - id: sod-x\n    title: "Clerks \\u2066are not admins"\n',
      '"Clerks',
      "sodRules[0].title",
      "U+2066 (LEFT-TO-RIGHT ISOLATE)",
    ],
    [
      "an Arabic letter mark in an SoD rationale",
      'sodRules:\n  - id: sod-x\n    rationale: "Separation\\u061c of duties"\n',
      '"Separation',
      "sodRules[0].rationale",
      "U+061C (ARABIC LETTER MARK)",
    ],
    [
      "a tag character in an approval reason",
      'businessRoles:\n  - id: fin-x\n    assignment:\n      approval: { none: true, reason: "No approval \\U000E0041 needed" }\n',
      '"No approval',
      "businessRoles[0].assignment.approval.reason",
      "U+E0041 (TAG LATIN CAPITAL LETTER A)",
    ],
    [
      "a byte-order mark in a justification",
      'privilegedRoles:\n  - id: ga\n    eligible:\n      - { principal: erin@example.org, justification: "On call\\uFEFF" }\n',
      '"On call',
      "privilegedRoles[0].eligible[0].justification",
      "U+FEFF (ZERO WIDTH NO-BREAK SPACE)",
    ],
    [
      "a soft hyphen in a persona's HR value",
      'personas:\n  - id: p\n    hr: { department: "Fin\\u00adance" }\n',
      '"Fin',
      "personas[0].hr.department",
      "U+00AD (SOFT HYPHEN)",
    ],
    ["a NUL in a display name", 'groups:\n  - id: fin-ap\n    displayName: "FIN\\0AP"\n', '"FIN', "groups[0].displayName", "U+0000 (NULL)"],
    [
      "a C1 next-line control in a display name",
      'groups:\n  - id: fin-ap\n    displayName: "FIN\\NAP"\n',
      '"FIN',
      "groups[0].displayName",
      "U+0085 (NEXT LINE)",
    ],
    [
      "a Hangul filler as a whole display name",
      'groups:\n  - id: fin-ap\n    displayName: "\\u3164"\n',
      '"\\u3164',
      "groups[0].displayName",
      "U+3164 (HANGUL FILLER)",
    ],
    [
      "a blank Braille pattern in a display name",
      'groups:\n  - id: fin-ap\n    displayName: "FIN\\u2800AP"\n',
      '"FIN',
      "groups[0].displayName",
      "U+2800 (BRAILLE PATTERN BLANK)",
    ],
    [
      "a variation selector that follows nothing",
      'groups:\n  - id: fin-ap\n    displayName: "\\uFE0FFIN"\n',
      '"\\uFE0F',
      "groups[0].displayName",
      "U+FE0F (VARIATION SELECTOR-16)",
    ],
    [
      "a zero-width joiner in a key",
      'groups:\n  - id: fin-ap\n    "display\\u200dName": FIN AP\n',
      '"display',
      'groups[0]["display\\u200dName"]',
      'The key "display\\u200dName" contains U+200D (ZERO WIDTH JOINER)',
    ],
  ])("refuses %s, naming the character at its own position", async (_label, text, where, pathText, message) => {
    const issues = await issuesOf(text);
    expect(issues).toEqual([expect.objectContaining({ code: "SCHEMA_INVALID_VALUE", ...at(text, where), path: pathText })]);
    expect(issues[0]!.message).toContain(message);
    expect(issues[0]!.hint).toMatch(/^Delete the character/);
  });

  it("reports one issue per offending value", async () => {
    const text = 'groups:\n  - id: a\n    displayName: "A\\u202e"\n    description: "B\\u200b"\n  - id: b\n    displayName: "C\\u0007"\n';
    expect((await issuesOf(text)).map((i) => [i.line, i.path])).toEqual([
      [3, "groups[0].displayName"],
      [4, "groups[0].description"],
      [6, "groups[1].displayName"],
    ]);
  });

  it.each([
    [
      "a line feed in an SoD title",
      "sodRules:\n  - id: sod-x\n    title: |-\n      Clerks\n      are not admins\n",
      "|-",
      "sodRules[0].title",
      "U+000A (LINE FEED)",
    ],
    [
      "a tab in a ticket",
      'groups:\n  - id: fin-ap\n    suppress:\n      - { rule: IDAC-GOV-006, reason: Accepted for a reason, expires: 2027-01-01, ticket: "SEC\\t1" }\n',
      '"SEC',
      "groups[0].suppress[0].ticket",
      "U+0009 (CHARACTER TABULATION)",
    ],
  ])("refuses %s (a one-line field)", async (_label, text, where, pathText, message) => {
    const issue = (await issuesOf(text)).find((i) => i.path === pathText);
    expect(issue).toMatchObject({ code: "SCHEMA_INVALID_VALUE", ...at(text, where) });
    expect(issue!.message).toContain(message);
  });

  it("accepts line breaks in free text and an emoji's variation selector", async () => {
    const root = await baseWith([
      {
        file: "policies/base.yaml",
        find: "    rationale: Separation of business and administration duties",
        replace: "    rationale: |\n      Separation of business\n      and administration duties",
      },
      { file: "roles/base.yaml", find: "    description: Accounts payable", replace: '    description: "Accounts payable ✏\\uFE0F"' },
    ]);
    const { catalog, issues } = await loadCatalog(root);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(catalog!.sodRules[0]!.spec.rationale).toBe("Separation of business\nand administration duties\n");
  });
});

describe("YAML tags", () => {
  it.each([
    ["!!binary", "groups: !!binary aGVsbG8=\n"],
    ["!!set", "groups: !!set { a, b }\n"],
    ["!!omap", "groups: !!omap [ { a: 1 } ]\n"],
    ["!custom", "groups:\n  - id: !custom fin-ap\n"],
    ["!!python/object:os.system", "groups:\n  - id: fin-ap\n    displayName: !!python/object:os.system x\n"],
    ["!!timestamp", "groups:\n  - id: fin-ap\n    expires: !!timestamp 2027-01-01\n"],
  ])("refuses the tag %s at its own line", async (tag, text) => {
    const issues = await issuesOf(text);
    expect(issues).toEqual([expect.objectContaining({ code: "YAML_UNSUPPORTED_TAG", line: at(text, tag).line })]);
    expect(issues[0]!.message).toBe(
      `YAML tag ${tag} is not supported: catalog files hold plain YAML 1.2 values (text, numbers, true/false, lists and mappings).`,
    );
  });

  it("accepts the core schema's tags", async () => {
    const root = await baseWith([{ file: "roles/base.yaml", find: "    displayName: Finance AP", replace: "    displayName: !!str Finance AP" }]);
    expect((await loadCatalog(root)).issues.filter((i) => i.severity === "error")).toEqual([]);
  });
});

describe("aliases", () => {
  it("fails when an alias refers to no anchor, at the alias's own line and column", async () => {
    const text = "groups:\n  - id: fin-ap\n    owners: [ann.owner@example.org]\n  - id: fin-ar\n    owners: *nope\n";
    expect(await issuesOf(text)).toEqual([
      expect.objectContaining({
        code: "YAML_SYNTAX",
        line: 5,
        col: 13,
        path: "groups[1].owners",
        message: "Alias *nope refers to an anchor that is not defined before it.",
      }),
    ]);
  });

  it("fails when an alias is inside the value it repeats", async () => {
    const text = "groups:\n  - &g\n    id: fin-ap\n    members: [*g]\n";
    expect(await issuesOf(text)).toEqual([
      expect.objectContaining({
        code: "YAML_TOO_COMPLEX",
        line: 4,
        col: 15,
        message: "Alias *g is inside the value it repeats: it would repeat itself without end.",
      }),
    ]);
  });

  it("refuses an amplification of one 10,000-item list by 100 aliases, with one issue at the alias that crosses the limit", async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `u${String(i).padStart(5, "0")}@ex.org`).join(", ");
    const aliases = Array.from({ length: 100 }, (_, i) => `  - id: g${i}\n    membership: { type: assigned, members: *m }\n`).join("");
    const text = `groups:\n  - id: g-base\n    membership:\n      type: assigned\n      members: &m [${items}]\n${aliases}`;
    expect(text.length).toBeGreaterThan(120_000);
    const started = performance.now();
    const issues = await issuesOf(text);
    expect(issues).toEqual([expect.objectContaining({ code: "YAML_TOO_COMPLEX", line: 7, col: 44, path: "groups[1].membership.members" })]);
    expect(issues[0]!.message).toBe(
      "YAML aliases in this file repeat more than 10000 values (*m repeats 10001, bringing the total to 10001): this looks like an alias bomb.",
    );
    // Generous for a busy CI machine: the work itself takes well under a second; an unbounded expansion takes minutes or crashes.
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe("keys", () => {
  it.each([
    [
      'a key written twice as 1 and "1"',
      'groups:\n  - id: fin-ap\n    1: a\n    "1": b\n',
      '"1"',
      "YAML_DUPLICATE_KEY",
      "Duplicate key in one mapping: YAML keeps only one of them, silently.",
    ],
    [
      "a list as a key",
      "groups:\n  - id: fin-ap\n    ? [a, b]\n    : c\n",
      "[a, b]",
      "SCHEMA_INVALID_TYPE",
      "A key of 'groups[0]' is a list; keys are plain text.",
    ],
    [
      "__proto__ as a persona's HR attribute",
      "personas:\n  - id: p\n    hr: { __proto__: Finance, department: Finance }\n",
      "__proto__",
      "SCHEMA_UNKNOWN_KEY",
      "'__proto__' cannot be a key: JavaScript reads it as an object's prototype, so its value would be dropped silently.",
    ],
    [
      "__proto__ at the top level",
      "__proto__:\n  groups: []\n",
      "__proto__",
      "SCHEMA_UNKNOWN_KEY",
      "'__proto__' cannot be a key: JavaScript reads it as an object's prototype, so its value would be dropped silently.",
    ],
  ])("fails when a file has %s", async (_label, text, where, code, message) => {
    expect(await issuesOf(text)).toEqual([expect.objectContaining({ code, ...at(text, where), message })]);
  });

  it("fails when a persona's HR attribute is named like an Object member", async () => {
    const text = "personas:\n  - id: p\n    displayName: P\n    hr: { constructor: Finance }\n";
    const issue = (await issuesOf(text, "policies/x.yaml")).find((i) => i.code === "SCHEMA_UNKNOWN_KEY");
    expect(issue).toMatchObject({ ...at(text, "constructor"), path: "personas[0].hr.constructor", message: "Unknown key 'constructor' in 'personas[0].hr'." });
  });
});

describe("hostile input is bounded in work", () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${String(i + 1).padStart(6, "0")}: 1`).join("\n") + "\n";

  it("refuses a 1.6 MB file of distinct unknown keys with one issue where the token limit is reached", async () => {
    const text = keys(145_000);
    expect(text.length).toBeGreaterThan(1_590_000);
    const started = performance.now();
    expect(await issuesOf(text)).toEqual([
      expect.objectContaining({
        code: "YAML_TOO_COMPLEX",
        line: 85_715,
        col: 1,
        message: "File holds more than 600000 YAML tokens (keys, values and punctuation) by this line: far more than a catalog file of real entries needs.",
      }),
    ]);
    // Generous for a busy CI machine: the work itself takes about 1.5 s; work that grows with the square of the keys takes minutes.
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it(`lists the first ${MAX_ISSUES_PER_KIND} unknown keys of a file and counts the rest`, async () => {
    const text = keys(30_000);
    const issues = await issuesOf(text);
    expect(issues).toHaveLength(MAX_ISSUES_PER_KIND + 1);
    expect(issues.slice(0, 2).map((i) => [i.line, i.message])).toEqual([
      [1, "Unknown key 'k000001' in the top level of the file."],
      [2, "Unknown key 'k000002' in the top level of the file."],
    ]);
    expect(issues[MAX_ISSUES_PER_KIND]).toMatchObject({
      code: "SCHEMA_UNKNOWN_KEY",
      line: MAX_ISSUES_PER_KIND + 1,
      message:
        `… and ${30_000 - MAX_ISSUES_PER_KIND} more SCHEMA_UNKNOWN_KEY issue(s) of ` +
        `the same kind in this file, from here on (only the first ${MAX_ISSUES_PER_KIND} are ` +
        `listed).`,
    });
  });
});

describe("catalog-wide checks", () => {
  it(`list the first ${MAX_ISSUES_PER_KIND} unknown references of a file and count the rest`, async () => {
    const groups = Array.from({ length: 40 }, (_, i) => `grp-${i}`).join(", ");
    const text =
      `businessRoles:\n  - id: fin-x\n    displayName: X\n    description: X\n ` +
      `   owners: [ann.owner@example.org, bob.owner@example.org]\n    entitlements: { groups: [` +
      `${groups}] }\n`;
    const issues = (await issuesOf(text)).filter((i) => i.code === "CATALOG_UNKNOWN_REFERENCE");
    expect(issues).toHaveLength(MAX_ISSUES_PER_KIND + 1);
    expect(issues[MAX_ISSUES_PER_KIND]!.message).toBe(
      `… and 15 more CATALOG_UNKNOWN_REFERENCE issue(s) of the same kind in this file, from here on (only the first ${MAX_ISSUES_PER_KIND} are listed).`,
    );
  });
});

describe("catalog IDs and keys named like Object members", () => {
  it("gives a conditional access policy named constructor the state its environment overrides it to", async () => {
    const root = await baseWith([
      { file: "policies/base.yaml", find: "ca001-mfa", replace: "constructor" },
      { file: "environments/test.yaml", find: "ca001-mfa", replace: "constructor" },
    ]);
    const { catalog, issues } = await loadCatalog(root);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const view = environmentView(catalog!, "test");
    expect(catalog!.conditionalAccessPolicies.map((p) => [p.id, p.spec.state, view.caState(p)])).toEqual([
      ["ca100-admins", "reportOnly", "reportOnly"],
      ["constructor", "enabled", "reportOnly"],
    ]);
  });

  it("gives a policy named constructor its own state when the overrides name only other policies", async () => {
    const root = await baseWith([
      { file: "policies/base.yaml", find: "ca001-mfa", replace: "constructor" },
      { file: "environments/test.yaml", find: "ca001-mfa: { state: reportOnly }", replace: "ca100-admins: { state: reportOnly }" },
    ]);
    const { catalog } = await loadCatalog(root);
    const view = environmentView(catalog!, "test");
    expect(catalog!.conditionalAccessPolicies.map((p) => [p.id, view.caState(p)])).toEqual([
      ["ca100-admins", "reportOnly"],
      ["constructor", "enabled"],
    ]);
  });

  it("rewrites the UPN domain named constructor like any other", async () => {
    const root = await baseWith([
      {
        file: "environments/test.yaml",
        find: "    backend: { type: local }",
        replace: "    backend: { type: local }\n    upnDomains: { constructor: contoso.example, example.org: test.example }",
      },
    ]);
    const { catalog, issues } = await loadCatalog(root);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const view = environmentView(catalog!, "test");
    expect([view.person("ann@constructor"), view.person("ann@tostring"), view.person("ann@example.org")]).toEqual([
      "ann@contoso.example",
      "ann@tostring",
      "ann@test.example",
    ]);
  });

  it("targets an application whose catalog ID is constructor by its client ID", async () => {
    const root = await baseWith([
      { file: "roles/base.yaml", find: "  - id: erp\n", replace: "  - id: constructor\n" },
      { file: "roles/base.yaml", find: "erp/clerk", replace: "constructor/clerk" },
      { file: "policies/base.yaml", find: "exclude: [erp]", replace: "exclude: [constructor]" },
    ]);
    const policies = Object.values(resources(await synthCatalog(root), "azuread_conditional_access_policy"));
    const text = JSON.stringify(policies);
    expect(text).toContain('"excluded_applications":["22222222-2222-2222-2222-222222222222"]');
    expect(text).not.toContain("null");
  });

  it("gives a business role named constructor its own row in the SoD matrix, without touching Object", async () => {
    const analysis = {
      conflicts: [{ rule: "sod-x", kind: "role-vs-role", role: "constructor", otherRole: "fin-clerk", sets: ["Clerks", "Admins"], detail: "both" }],
    } as unknown as SodAnalysis;
    const { roles, cells } = sodMatrix(analysis);
    expect(roles).toEqual(["constructor", "fin-clerk"]);
    expect(Object.hasOwn(cells, "constructor") && cells.constructor).toEqual({ "fin-clerk": ["sod-x"] });
    expect(cells["fin-clerk"]).toEqual({ constructor: ["sod-x"] });
    expect(Object.hasOwn(Object, "fin-clerk")).toBe(false);
    expect(sodMatrixMarkdown(analysis)).toContain("| constructor |  | sod-x |");
  });

  it("summarises a plan whose resource type is named like an Object member", () => {
    const summary = summarizePlans([
      { stack: "prod-groups", plan: PlanJson.parse(plan([resourceChange("constructor", "toString", ["update"], { a: 1 }, { a: 2 })])) },
    ]);
    expect(summary.changes).toEqual([
      expect.objectContaining({ section: "other", kind: "constructor", catalogId: "toString", attributes: [{ attribute: "a", before: 1, after: 2 }] }),
    ]);
  });
});
