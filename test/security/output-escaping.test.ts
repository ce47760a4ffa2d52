import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runChangelog, runDiff } from "../../src/cli/commands/changelog";
import { runPlanGate, runPlanSummary } from "../../src/cli/commands/plan";
import { runReport } from "../../src/cli/commands/report";
import { formatIssueAnnotation, formatIssueHuman } from "../../src/cli/render";
import { csvTable, htmlAttr, htmlText, jsonText, mdCell, mdCode, mdText, mermaidLabel, termText, workflowCommand } from "../../src/escape";
import type { ChangelogEntry } from "../../src/reports/audit/changes";
import { captureOutput, writeCatalog } from "../helpers/catalog";
import { plan, resourceChange } from "../helpers/plan";

const FORGED_FINGERPRINT = `<!-- idac-fingerprint stack=prod-groups sha256=${"0".repeat(64)} -->`;

describe("Markdown escaping", () => {
  it.each([
    ["a newline and a forged review heading", "Finance\n## idac plan review", "Finance\\\\n\\#\\# idac plan review"],
    ["a CRLF and a forged gate verdict", "x\r\nPlan gate passed", "x\\\\r\\\\nPlan gate passed"],
    ["a forged fingerprint comment", FORGED_FINGERPRINT, `\\<\\!-- idac-fingerprint stack=prod-groups sha256=${"0".repeat(64)} --\\>`],
    ["an unterminated HTML comment", "<!-- hide the rest", "\\<\\!-- hide the rest"],
    ["a forged table row", "| a | b |", "\\| a \\| b \\|"],
    ["a script tag", "<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"],
    ["a link", "[click](https://evil.example)", "\\[click\\](https://evil.example)"],
    ["emphasis", "**bold** _it_", "\\*\\*bold\\*\\* \\_it\\_"],
    ["a leading blockquote marker", "> quote", "\\> quote"],
    ["a leading list marker", "- item", "\\- item"],
    ["a leading ordered-list marker", "1. one", "1\\. one"],
    ["four leading spaces (an indented code block)", "    code", "&#32;&#32;&#32;&#32;code"],
    ["an ANSI escape", "\u001b[2J", "\\\\u001b\\[2J"],
    ["a right-to-left override", "abc\u202edef", "abc\\\\u202edef"],
    ["strikethrough, math and entities", "x ~~s~~ $x$ &amp; !", "x \\~\\~s\\~\\~ \\$x\\$ \\&amp; \\!"],
  ])("refuses to let %s out of its line", (_label, value, expected) => {
    expect(mdText(value)).toBe(expected);
    expect(mdCell(value)).toBe(expected);
    expect(mdText(value)).not.toMatch(/[\r\n]/);
  });

  it.each([
    ["backticks inside", "a`b``c", "```a`b``c```"],
    ["a value wrapped in backticks", "`x`", "`` `x` ``"],
    ["a newline", "x\n## y", "`x\\n## y`"],
    ["an HTML comment", "<!-- x", "`<!-- x`"],
    ["a runner command prefix (the Markdown may be printed to a log)", "##[error]x", "`#\\u0023[error]x`"],
  ])("keeps a code span closed around %s", (_label, value, expected) => {
    expect(mdCode(value)).toBe(expected);
  });

  it("escapes pipes in a code span inside a table cell", () => {
    expect(mdCode("a|b", { cell: true })).toBe("`a\\|b`");
  });
});

describe("Mermaid label escaping", () => {
  it.each([
    ["a quote that ends the label and an edge", '"] --> X[', '"#34;#93; --#62; X#91;"'],
    ["a newline", "Finance\nHR", '"Finance#92;nHR"'],
    ["a backtick (Markdown string)", "a`b", '"a#96;b"'],
    ["HTML", "<img src=x onerror=alert(1)>", '"#60;img src=x onerror=alert#40;1#41;#62;"'],
    ["a pipe (edge label)", "a|b", '"a#124;b"'],
  ])("refuses to let %s out of the label", (_label, value, expected) => {
    expect(mermaidLabel(value)).toBe(expected);
  });
});

describe("CSV escaping", () => {
  it.each([
    ["a HYPERLINK formula", '=HYPERLINK("http://evil.example","x")', 'v\r\n"\'=HYPERLINK(""http://evil.example"",""x"")"\r\n'],
    ["a DDE command", "+cmd|'/c calc'!A0", "v\r\n'+cmd|'/c calc'!A0\r\n"],
    ["a leading minus", "-2+3", "v\r\n'-2+3\r\n"],
    ["an @ function", "@SUM(1+1)", "v\r\n'@SUM(1+1)\r\n"],
    ["a tab before a formula", "\t=1", "v\r\n'\t=1\r\n"],
    ["a carriage return before a formula", "\r=1", 'v\r\n"\'\r=1"\r\n'],
    ["a full-width equals sign", "＝1+1", "v\r\n'＝1+1\r\n"],
    ["a lone line feed that would start a forged row", "a\nforged,row", 'v\r\n"a\nforged,row"\r\n'],
    ["a workflow command on a line of its own (CSV may be printed to a log)", "a\n::error::forged", 'v\r\n"a\n\\u003a:error::forged"\r\n'],
    ["an Azure DevOps logging command", "x ##vso[task.setvariable variable=a]b", "v\r\nx #\\u0023vso[task.setvariable variable=a]b\r\n"],
  ])("refuses %s in a CSV cell", (_label, value, expected) => {
    const text = csvTable(["v"], [[value]]);
    expect(text).toBe(expected);
    expect(parse(text, { columns: true })).toHaveLength(1);
  });
});

describe("HTML escaping", () => {
  it.each([
    ["a script tag", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["an attribute break-out", '"><img src=x onerror=alert(1)>', "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"],
    ["a single-quoted attribute break-out", "' onmouseover='x", "&#39; onmouseover=&#39;x"],
    ["a right-to-left override", "\u202eevil", "\\u202eevil"],
    ["a workflow command on a line of its own (a page may be printed to a log)", "a\n::error::forged", "a\n\\u003a:error::forged"],
  ])("refuses %s in HTML text and attributes", (_label, value, expected) => {
    expect(htmlText(value)).toBe(expected);
    expect(htmlAttr(value)).toBe(expected);
  });
});

describe("terminal and GitHub workflow command escaping", () => {
  it.each([
    ["a newline before a workflow command", "x\n::error::forged", "x\\n::error::forged"],
    ["a workflow command at the start", "::error::forged", "\\u003a:error::forged"],
    ["an indented workflow command", "  ::add-mask::secret", "  \\u003a:add-mask::secret"],
    ["the legacy command prefix mid-line", "x ##[error]forged", "x #\\u0023[error]forged"],
    ["ANSI clear-screen and colour", "\u001b[2J\u001b[31mred", "\\u001b[2J\\u001b[31mred"],
    ["a right-to-left override", "abc\u202edef", "abc\\u202edef"],
    ["a C1 next-line control", "\u0085next", "\\u0085next"],
    ["an Azure DevOps logging command mid-line", "x ##vso[task.setvariable variable=a]b", "x #\\u0023vso[task.setvariable variable=a]b"],
  ])("refuses to let %s reach a log", (_label, value, expected) => {
    expect(termText(value)).toBe(expected);
  });

  it("escapes a workflow command's properties and message as the runner unescapes them", () => {
    expect(workflowCommand("error", { file: "roles/a,b.yaml", line: 3, title: "x: y" }, "line1\n::error::forged 100%\r")).toBe(
      "::error file=roles/a%2Cb.yaml,line=3,title=x%3A y::line1%0A::error::forged 100%25%0D",
    );
  });

  it("refuses to let an issue's catalog text start a second annotation or a line", () => {
    const issue = {
      code: "SCHEMA_UNKNOWN_KEY" as const,
      severity: "error" as const,
      file: "roles/a.yaml",
      line: 2,
      col: 3,
      path: "groups[0]",
      message: "Unknown key 'x\r\n::add-mask::secret'",
      hint: "::stop-commands::t",
    };
    expect(formatIssueAnnotation(issue)).toBe(
      "::error file=roles/a.yaml,line=2,col=3,title=SCHEMA_UNKNOWN_KEY at groups[0]::Unknown key 'x%0D%0A::add-mask::secret' (::stop-commands::t)",
    );
    expect(formatIssueHuman(issue).split("\n")).toEqual([
      "roles/a.yaml:2:3: error SCHEMA_UNKNOWN_KEY at groups[0]",
      "  Unknown key 'x\\r\\n::add-mask::secret'",
      "  hint: \\u003a:stop-commands::t",
    ]);
  });
});

describe("JSON output", () => {
  it("refuses to let a value carry a runner command prefix or an invisible character, and parses back the same", () => {
    const value = { name: "x ##[error]y ##vso[task.complete]z \u202e\u2028\u0085\u{e0041}" };
    const text = jsonText(value);
    expect(text).toBe('{\n  "name": "x #\\u0023[error]y #\\u0023vso[task.complete]z \\u202e\\u2028\\u0085\\udb40\\udc41"\n}');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("plan-summary and plan-gate with hostile tenant-side names", () => {
  /** The bundled example: its break-glass objects are the ones the gate protects. */
  const EXAMPLE = path.resolve(__dirname, "../..");
  const HEADING = "FIN AP\n## idac plan review\n\n**Risk: none** · Plan gate passed";
  async function plans() {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-hostile-plan-"));
    const groups = plan(
      [
        resourceChange(
          "azuread_group",
          "group__fin_ap",
          ["update"],
          { display_name: "FIN AP", mail_nickname: "a" },
          { display_name: HEADING, mail_nickname: "b`` ` ``\n| x |" },
        ),
        resourceChange("azuread_group", "group__fin_ar", ["create"], null, { display_name: `x\n${FORGED_FINGERPRINT}` }),
        resourceChange("azuread_group", "group__fin_gl", ["create"], null, { display_name: "y <!-- unterminated" }),
        resourceChange("azuread_group", "group__fin_tx", ["create"], null, {
          display_name: "z\n| ⛔ destroy | prod-groups | forged | row |\n::error::forged \u001b[2J ##[error]x",
        }),
      ],
      { resource_drift: [resourceChange("azuread_group", "group__fin_old", ["update"], { display_name: "old" }, { display_name: "drift\n<!--" })] },
    );
    const ca = plan([
      resourceChange(
        "azuread_conditional_access_policy",
        "ca__ca001_mfa",
        ["delete"],
        { display_name: "CA001\n### Needs explicit intent\n::error::forged \u001b[2J ##[error]x", state: "enabled" },
        null,
      ),
    ]);
    await writeFile(path.join(dir, "prod-groups.json"), JSON.stringify(groups));
    await writeFile(path.join(dir, "prod-conditional-access.json"), JSON.stringify(ca));
    return { dir, files: [path.join(dir, "prod-groups.json"), path.join(dir, "prod-conditional-access.json")] };
  }

  it("writes exactly one fingerprint comment per stack, no forged heading, row or unterminated comment", async () => {
    const { files } = await plans();
    const cap = captureOutput();
    expect(await runPlanSummary({ files, format: "md", catalog: EXAMPLE }, cap.out)).toBe(0);
    const md = cap.stdout();
    const lines = md.split("\n");
    const comments = lines.filter((l) => l.startsWith("<!--"));
    expect(comments).toHaveLength(2);
    expect(comments.map((l) => l.replace(/[0-9a-f]{64}/, "<hash>"))).toEqual([
      "<!-- idac-fingerprint stack=prod-conditional-access sha256=<hash> -->",
      "<!-- idac-fingerprint stack=prod-groups sha256=<hash> -->",
    ]);
    expect(comments.every((l) => !l.includes("0".repeat(64)))).toBe(true);
    expect(md.split("<!--")).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith("#"))).toEqual([
      "## idac plan review",
      "### Needs explicit intent",
      "### Conditional access (1)",
      "### Groups (4)",
      "### Changed outside Terraform (1)",
    ]);
    // The table holds the header and the two real trips (the deletion, and the stack's deletion limit) only.
    expect(lines.filter((l) => l.startsWith("|")).map((l) => l.split(" | ").slice(0, 2).join(" | "))).toEqual([
      "| Condition | Stack",
      "|---|---|---|---|",
      "| ⛔ destroy | prod-conditional-access",
      "| ⛔ destroy | prod-conditional-access",
    ]);
    expect(lines.filter((l) => /^(\*\*Risk|Plan gate|::)/.test(l))).toEqual([expect.stringMatching(/^\*\*Risk: critical\*\*/)]);
    expect(md).toContain(
      "- **✏️ update** group `fin-ap` (FIN AP\\\\n\\#\\# idac plan review\\\\n\\\\n\\*\\*Risk: none\\*\\* · Plan gate passed) — prod-groups",
    );
    expect(md).toContain('  - `mail_nickname`: `"a"` → ```"b`` ` ``\\n| x |"```');
    expect(md).toContain("- group `fin-old` (drift\\\\n\\<\\!--) in prod-groups: changed outside Terraform");
  });

  it("refuses to let the apply job read a fingerprint quoted inside the comment", async () => {
    const { files } = await plans();
    const cap = captureOutput();
    await runPlanSummary({ files, format: "md", catalog: EXAMPLE }, cap.out);
    const workflow = await readFile(path.resolve(__dirname, "../../.github/workflows/idac-apply.yml"), "utf8");
    expect(workflow).toContain('select(.user.login == \\"$GATE_BOT\\" and .user.type == \\"Bot\\")');
    const pattern = /grep -E "(\^<!-- idac-fingerprint[^"]+)"/.exec(workflow)![1]!.replace("${{ matrix.stack }}", "prod-groups");
    // A comment by someone else, quoting the same line, is left out by the author filter above; here the body alone.
    const found = execFileSync("grep", ["-E", pattern], { input: cap.stdout() }).toString().trim().split("\n");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^<!-- idac-fingerprint stack=prod-groups sha256=[0-9a-f]{64} -->$/);
    expect(found[0]).not.toContain("0".repeat(64));
  });

  it("prints the JSON summary without a runner command prefix, with the names as they are", async () => {
    const { files } = await plans();
    const cap = captureOutput();
    expect(await runPlanSummary({ files, format: "json", catalog: EXAMPLE }, cap.out)).toBe(0);
    expect(cap.stdout()).not.toMatch(/##\[|\u001b/);
    const names = (JSON.parse(cap.stdout()) as { changes: { displayName?: string }[] }).changes.map((c) => c.displayName);
    expect(names).toContain("z\n| ⛔ destroy | prod-groups | forged | row |\n::error::forged \u001b[2J ##[error]x");
  });

  it("prints the gate's review lines without starting a workflow command or an ANSI sequence", async () => {
    const { files } = await plans();
    const cap = captureOutput();
    expect(await runPlanGate({ files, format: "md", catalog: EXAMPLE }, cap.github)).toBe(1);
    const lines = cap.stderr().split("\n");
    expect(lines.filter((l) => /^\s*::/.test(l) || l.includes("##[") || l.includes("\u001b"))).toEqual([]);
    expect(lines).toContain(
      "review Conditional access: delete conditional access policy 'ca001-mfa' " +
        "(CA001\\n### Needs explicit intent\\n::error::forged \\u001b[2J #\\u0023[error]x) " +
        "[prod-conditional-access]",
    );
  });

  it("refuses a plan file whose name could not be a stack's", async () => {
    const { dir, files } = await plans();
    const odd = path.join(dir, "prod groups -->.json");
    await writeFile(odd, JSON.stringify(plan([])));
    const cap = captureOutput();
    expect(await runPlanSummary({ files: [...files, odd], format: "md", catalog: EXAMPLE }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/the file name must be <stack>\.json with a stack name of lower-case letters, digits and hyphens/);
  });
});

const CATALOG = `groups:
  - id: fin-ap
    displayName: 'FIN AP | forged | row | <!-- x'
    description: Accounts payable
    owners: [ann.owner@example.org, bob.owner@example.org]
    membership: { type: assigned }
businessRoles:
  - id: fin-clerk
    displayName: '=HYPERLINK("http://evil.example","x") "] --> X[ <img src=x onerror=alert(1)>'
    description: Enters invoices
    owners: [ann.owner@example.org, bob.owner@example.org]
    entitlements: { groups: [fin-ap] }
`;

describe("audit reports of a catalog with hostile display names", () => {
  async function report(format: "md" | "csv" | "html") {
    const root = await writeCatalog({ "roles/a.yaml": CATALOG });
    const cap = captureOutput();
    expect(await runReport({ catalog: root, kind: "access-matrix", format, today: "2026-11-22" }, cap.out)).toBe(0);
    return cap.stdout();
  }

  it("keeps the Markdown table rows and the Mermaid labels whole", async () => {
    const md = await report("md");
    expect(md).toContain(
      '  r__fin_clerk["=HYPERLINK#40;#34;http://evil.example#34;,#34;x#34;#41; #34;#93; --#62; X#91; #60;img src=x onerror=alert#40;1#41;#62;"]',
    );
    expect(md).toContain('  r__fin_clerk -->|member of| g__fin_ap["FIN AP #124; forged #124; row #124; #60;!-- x"]');
    expect(md).not.toContain("<!--");
    const rows = md.split("\n").filter((l) => l.startsWith("| fin-clerk"));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.split(/(?<!\\)\|/)).toHaveLength(11);
  });

  it("neutralises the formula in the CSV cell", async () => {
    const rows = parse(await report("csv"), { columns: true }) as Record<string, string>[];
    expect(rows[0]!["role name"]).toBe('\'=HYPERLINK("http://evil.example","x") "] --> X[ <img src=x onerror=alert(1)>');
  });

  it("writes the names as text in the evidence pack", async () => {
    const html = await report("html");
    expect(html).toContain("<td>=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;) &quot;] --&gt; X[ &lt;img src=x onerror=alert(1)&gt;</td>");
    expect(html).not.toContain("<img");
  });
});

describe("the change record of a repository with hostile authors and subjects", () => {
  async function repo() {
    const root = await writeCatalog({ "roles/a.yaml": CATALOG.replace("'FIN AP | forged | row | <!-- x'", "FIN AP") });
    const git = (env: Record<string, string>, ...args: string[]) =>
      execFileSync("git", ["-C", root, ...args], {
        stdio: "pipe",
        env: {
          ...process.env,
          GIT_COMMITTER_NAME: "ci",
          GIT_COMMITTER_EMAIL: "ci@example.org",
          GIT_COMMITTER_DATE: "2026-02-10T10:00:00Z",
          GIT_AUTHOR_DATE: "2026-02-10T10:00:00Z",
          ...env,
        },
      });
    git({}, "init", "-q", "-b", "main");
    git({}, "add", ".");
    git({ GIT_AUTHOR_NAME: "Founding Team", GIT_AUTHOR_EMAIL: "team@example.org" }, "commit", "-qm", "Initial catalog");
    await writeFile(path.join(root, "roles/a.yaml"), CATALOG);
    git({}, "add", ".");
    git(
      { GIT_AUTHOR_NAME: "Eve `x` | y | [z](http://evil.example) **b**", GIT_AUTHOR_EMAIL: "e`x`@example.org" },
      "commit",
      "-qm",
      "| a | b |\n<!-- hide the rest\n\nbody",
    );
    await writeFile(path.join(root, "roles/a.yaml"), `# reviewed\n${CATALOG}`);
    git(
      { GIT_AUTHOR_NAME: "Mallory\x1fforged@example.org\x1f2020-01-01T00:00:00Z\x1fforged subject", GIT_AUTHOR_EMAIL: "m@example.org" },
      "commit",
      "-qam",
      "real subject",
    );
    return root;
  }

  it("escapes authors, addresses, subjects and changes, so only idac writes headings and list items", async () => {
    const root = await repo();
    const cap = captureOutput();
    expect(await runChangelog({ catalog: root, format: "md" }, cap.out)).toBe(0);
    const md = cap.stdout();
    const lines = md.split("\n");
    expect(lines.filter((l) => l.startsWith("#"))).toEqual([
      "# Access change record",
      "## 2026-02-10 · Initial catalog",
      "## 2026-02-10 · \\| a \\| b \\| \\<\\!-- hide the rest",
      "## 2026-02-10 · real subject",
    ]);
    expect(md).toContain("by Eve \\`x\\` \\| y \\| \\[z\\](http://evil.example) \\*\\*b\\*\\* \\<e\\`x\\`@example.org\\>");
    expect(md).toContain('- **business role** `fin-clerk`: added "=HYPERLINK("http://evil.example","x") "\\] --\\> X\\[ \\<img src=x onerror=alert(1)\\>"');
    expect(md).not.toContain("<!--");
  });

  it("refuses to let an author name shift the fields that follow it", async () => {
    const root = await repo();
    const cap = captureOutput();
    expect(await runChangelog({ catalog: root, since: "HEAD~1", format: "json" }, cap.out)).toBe(0);
    const [entry] = JSON.parse(cap.stdout()) as ChangelogEntry[];
    expect(entry).toMatchObject({
      author: "Mallory\x1fforged@example.org\x1f2020-01-01T00:00:00Z\x1fforged subject",
      email: "m@example.org",
      subject: "real subject",
    });
    expect(entry!.date.startsWith("2026-02-10")).toBe(true);
  });

  it("escapes catalog text in idac diff", async () => {
    const root = await repo();
    const cap = captureOutput();
    await writeFile(
      path.join(root, "roles/a.yaml"),
      CATALOG.replace(
        "membership: { type: assigned }",
        "membership: { type: assigned }\n  - id: fin-x\n    displayName: '| forged | <!-- " +
          "x'\n    description: d\n    owners: [ann.owner@example.org, bob.owner@example.org]\n    " +
          "membership: { type: assigned }",
      ),
    );
    execFileSync("git", ["-C", root, "commit", "-qam", "x"], {
      env: { ...process.env, GIT_AUTHOR_NAME: "a", GIT_AUTHOR_EMAIL: "a@example.org", GIT_COMMITTER_NAME: "a", GIT_COMMITTER_EMAIL: "a@example.org" },
    });
    expect(await runDiff({ catalog: root, from: "HEAD~1", to: "HEAD", format: "md" }, cap.out)).toBe(0);
    expect(cap.stdout().split("\n")).toContain('- **group** `fin-x`: added "\\| forged \\| \\<\\!-- x"');
  });
});
