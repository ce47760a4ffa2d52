import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runChangelog, runDiff } from "../../src/cli/commands/changelog";
import { runReport } from "../../src/cli/commands/report";
import type { ChangelogEntry } from "../../src/reports/audit/changes";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { tableMarkdown } from "../../src/reports/audit/render";
import { accessMatrix } from "../../src/reports/audit/tables";
import { captureOutput, OWNERS, writeCatalog } from "../helpers/catalog";
import { exampleWith } from "../guardrails/example-copy";

const ROOT = path.resolve(__dirname, "../..");
const TODAY = "2026-11-22";

async function report(kind: string, format: "md" | "csv" | "json" | "html", extra: { catalog?: string; at?: string } = {}) {
  const cap = captureOutput();
  expect(await runReport({ catalog: extra.catalog ?? ROOT, kind: kind as "all", format, today: TODAY, ...(extra.at ? { at: extra.at } : {}) }, cap.out)).toBe(
    0,
  );
  return cap.stdout();
}

describe("npx idac report on the bundled example", () => {
  it("gives a role and a group whose IDs would collide their own Mermaid nodes", async () => {
    const root = await writeCatalog({
      "roles/a.yaml":
        `groups:\n  - { id: fin, displayName: FIN, description: Finance, ` +
        `owners: ${OWNERS}, membership: { type: assigned } }\nbusinessRoles:\n  - id: g-fin\n    ` +
        `displayName: G FIN\n    description: Finance staff\n    owners: ${OWNERS}\n    ` +
        `entitlements: { groups: [fin] }\n    assignment: { type: birthright, when: { department: ` +
        `Finance } }\n`,
    });
    const { catalog } = await loadCatalog(root);
    const md = tableMarkdown(accessMatrix(catalog!), catalog!);
    expect(md).toContain("r__g_fin -->|member of| g__fin[");
    expect(md).not.toMatch(/\n {2}g_fin\b/);
  });

  it("access-matrix (CSV, RFC 4180) lists every business role with every effective entitlement and how it is obtained", async () => {
    const rows = parse(await report("access-matrix", "csv"), { columns: true }) as Record<string, string>[];
    const roles = new Set(rows.map((r) => r.role));
    const { loadCatalog } = await import("../../src/resolve/load-catalog");
    const { catalog } = await loadCatalog(ROOT);
    for (const r of catalog!.businessRoles) {
      expect(roles.has(r.id), r.id).toBe(true);
      for (const g of r.effectiveGroups)
        expect(
          rows.some((x) => x.role === r.id && x["entitlement type"] === "group" && x.entitlement === g),
          `${r.id} ${g}`,
        ).toBe(true);
      for (const a of r.effectiveAppRoles)
        expect(
          rows.some((x) => x.role === r.id && x.entitlement === `${a.application}/${a.appRole}`),
          `${r.id} ${a.appRole}`,
        ).toBe(true);
    }
    const prg = rows.find((x) => x.role === "prg-manager" && x.entitlement === "prg-monitoring-data")!;
    expect(prg).toMatchObject({ granted: "through prg-officer", sensitivity: "confidential" });
    expect(prg["how obtained"]).toMatch(
      /^request by members of prg-staff-all; stage 1: manager \(backup fatima\.rahman@meridian\.org\); stage 2: group:prg-programme-leads/,
    );
    expect(rows.find((x) => x.role === "fin-staff")!["how obtained"]).toBe(
      "birthright: employee type is Staff or Consultant and department is Finance, with an enabled account",
    );
  });

  it("privileged-access shows eligibility, activation and break-glass exceptions", async () => {
    const rows = parse(await report("privileged-access", "csv"), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r["privileged role"] === "global-admin" && r.principal === "peter.otieno@meridian.org")).toMatchObject({
      assignment: "eligible",
      until: "2027-02-15",
      activation: "up to 1 h; MFA; justification; ticket; approval by li.wei@meridian.org or sofia.alvarez@meridian.org",
    });
    expect(rows.filter((r) => r.assignment === "ACTIVE (emergency access)")).toHaveLength(4);
    expect(rows.find((r) => r["privileged role"] === "helpdesk-east-africa")!.scope).toBe("administrative unit au-east-africa");
  });

  it("access-reviews lists every requestable package with its review", async () => {
    const all = parse(await report("access-reviews", "csv"), { columns: true }) as Record<string, string>[];
    const rows = all.filter((r) => r["access package"] !== "");
    expect(rows).toHaveLength(11);
    expect(rows.every((r) => r.reviewed === "yes")).toBe(true);
    expect(rows.find((r) => r["access package"] === "fin-payment-approver")).toMatchObject({
      frequency: "quarterly",
      reviewers: "group:fin-controllers",
      "when nobody answers": "removeAccess",
    });
  });

  it("access-reviews lists every recurring review of roles, PIM groups, groups and applications in plain words", async () => {
    const rows = (parse(await report("access-reviews", "csv"), { columns: true }) as Record<string, string>[]).filter((r) => r["access review"] !== "");
    expect(rows.map((r) => r["access review"])).toEqual(expect.arrayContaining(["ar-pim-global-admin", "ar-partner-guests", "ar-erp-users"]));
    expect(rows.find((r) => r["access review"] === "ar-pim-global-admin")).toMatchObject({
      "what is reviewed": "eligible and active members of the PIM group of privileged role global-admin",
      frequency: "monthly",
      "when nobody answers": "removeAccess",
      "decisions applied automatically": "yes",
    });
    expect(rows.find((r) => r["access review"] === "ar-partner-guests")!["what is reviewed"]).toBe("guests of group partner-reporting");
  });

  it("lifecycle-workflows says when each workflow runs, for whom and what it does", async () => {
    const rows = parse(await report("lifecycle-workflows", "csv"), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.workflow === "leaver-personnel")).toMatchObject({
      category: "leaver",
      runs: "on the leave date",
      for: "employee type is Staff or Consultant or Intern",
      "on schedule": "yes",
    });
    expect(rows.find((r) => r.workflow === "leaver-personnel")!.tasks).toMatch(/^Disable user account; Remove all access package assignments for user;/);
    expect(rows.find((r) => r.workflow === "joiner-staff")!.runs).toBe("7 days before the hire date");
    expect(rows.find((r) => r.workflow === "mover-department")!.tasks).toContain("Remove user from selected groups (intranet-publishers)");
  });

  it("authentication-methods and directory-role-settings say what is on, for whom, and what activation requires", async () => {
    const methods = parse(await report("authentication-methods", "csv"), { columns: true }) as Record<string, string>[];
    expect(methods.find((r) => r.method === "Text message")).toMatchObject({ state: "off", for: "every user" });
    expect(methods.find((r) => r.method === "Temporary access pass")!.settings).toBe("one sign-in only; 60–480 minutes (default 60)");
    const roles = parse(await report("directory-role-settings", "csv"), { columns: true }) as Record<string, string>[];
    expect(roles.find((r) => r.entry === "global-admin-direct")).toMatchObject({
      "directory role": "Global Administrator",
      requires: "MFA, justification, ticket",
      "approved by": "li.wei@meridian.org or sofia.alvarez@meridian.org",
      "longest eligibility (days)": "30",
    });
  });

  it("conditional-access describes each policy in plain words per environment", async () => {
    const rows = parse(await report("conditional-access", "csv"), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(34);
    expect(rows.find((r) => r.environment === "prod" && r.policy === "ca206-unmanaged-session-limits")!.state).toBe("reportOnly");
    expect(rows.find((r) => r.policy === "ca001-block-legacy-authentication")!["in plain words"]).toBe(
      "For all users, accessing All, when clients exchangeActiveSync, other: block; break-glass excluded.",
    );
  });

  it("coverage shows, per environment, what every persona needs for every application and client", async () => {
    const rows = parse(await report("coverage", "csv"), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2 * 8 * 7 * 4);
    expect(
      rows.find((r) => r.environment === "prod" && r.persona === "Implementing partner (guest)" && r.application === "Office365" && r.client === "browser")!
        .enforced,
    ).toBe("mfa");
    expect(rows.filter((r) => r.persona === "Break-glass account").every((r) => r.enforced === "none")).toBe(true);
    expect(rows.filter((r) => r.client === "other" && r.persona !== "Break-glass account").every((r) => r.enforced === "block")).toBe(true);
  });

  it("findings lists guardrail results with suppressions and reasons", async () => {
    const root = await exampleWith([
      {
        file: "policies/conditional-access/internals.yaml",
        find: "    grant: { operator: OR, controls: [compliantDevice, approvedApplication] }\n",
        replace:
          "    grant: { operator: OR, controls: [compliantDevice, approvedApplication] " +
          "}\n    suppress:\n      - { rule: IDAC-CA-026, reason: HR data owners alone change " +
          "all-personnel, expires: 2027-06-30, ticket: SEC-7 }\n",
      },
    ]);
    const rows = parse(await report("findings", "csv", { catalog: root }), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.rule === "IDAC-CA-026" && r.entry === "conditionalAccessPolicies/ca207-internals-erp-managed-device")!.suppressed).toBe(
      "yes: HR data owners alone change all-personnel (until 2027-06-30, SEC-7)",
    );
    expect(rows.find((r) => r.rule === "IDAC-CA-026" && r.entry === "conditionalAccessPolicies/ca206-unmanaged-session-limits")!.suppressed).toBe("no");
  });

  it("Markdown has a Mermaid graph per business role", async () => {
    const md = await report("access-matrix", "md");
    expect(md).toMatch(
      new RegExp(
        [
          "### Payment approver \\(`fin-payment-approver`\\)\\n\\n```mermaid\\ngraph LR\\n ",
          '{2}r__fin_payment_approver\\["Payment approver"\\]\\n {2}r__fin_payment_approver ',
          '-->\\|member of\\| g__fin_treasury\\["FIN Treasury"\\]',
        ].join(""),
      ),
    );
    expect(md).toMatch(/p__fin_payment_approver\(\["access package in cat-finance"\]\) -->\|grants\| r__fin_payment_approver/);
  });
});

describe("the change record", () => {
  async function repoWithHistory() {
    const root = await exampleWith([]);
    const git = (env: Record<string, string>, ...args: string[]) =>
      execFileSync("git", ["-C", root, ...args], { stdio: "pipe", env: { ...process.env, ...env } });
    const commit = async (author: string, date: string, message: string, edit?: [string, string, string]) => {
      if (edit) {
        const file = path.join(root, edit[0]);
        const text = await readFile(file, "utf8");
        if (!text.includes(edit[1])) throw new Error(`edit does not apply: ${edit[1]}`);
        await writeFile(file, text.replace(edit[1], edit[2]));
      }
      git({}, "add", ".");
      const env = {
        GIT_AUTHOR_NAME: author,
        GIT_AUTHOR_EMAIL: `${author.split(" ")[0]!.toLowerCase()}@meridian.org`,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: author,
        GIT_COMMITTER_EMAIL: "ci@meridian.org",
        GIT_COMMITTER_DATE: date,
      };
      git(env, "commit", "-qm", message);
    };
    git({}, "init", "-q", "-b", "main");
    await commit("Founding Team", "2026-01-05T09:00:00Z", "Initial catalog");
    await commit("Amina Yusuf", "2026-02-10T10:00:00Z", "Add treasury analyst role (#12)", [
      "roles/finance.yaml",
      "businessRoles:\n",
      "businessRoles:\n  - id: fin-treasury-analyst\n    displayName: Treasury analyst\n  " +
        "  description: Reads treasury positions\n    owners: [amina.yusuf@meridian.org, " +
        "lars.nilsen@meridian.org]\n    entitlements: { groups: [fin-treasury] }\n    " +
        "assignment:\n      type: request\n      catalog: cat-finance\n      requestors: { scope: " +
        "groups, groups: [fin-staff-all] }\n      approval:\n        stages:\n          - { " +
        "approvers: [manager], backupApprovers: [lars.nilsen@meridian.org] }\n      expiry: { " +
        "afterDays: 180 }\n      review: { frequency: quarterly, reviewers: manager }\n",
    ]);
    await commit("Lars Nilsen", "2026-03-03T11:00:00Z", "Merge pull request #15 from meridian/vendor-approval", [
      "roles/finance.yaml",
      "          - approvers: [manager]\n            backupApprovers: " +
        "[lars.nilsen@meridian.org]\n          # Not the controllers, who approve payments: " +
        "nobody approves both sides of sod-vendor-master-vs-payment.\n          - approvers: " +
        "[amina.yusuf@meridian.org, daniel.mensah@meridian.org]\n            backupApprovers: " +
        "[lars.nilsen@meridian.org]\n      expiry: { afterDays: 365 }\n      review: { frequency: " +
        "quarterly",
      "          - approvers: [manager]\n            backupApprovers: " +
        "[lars.nilsen@meridian.org]\n          - approvers: [amina.yusuf@meridian.org]\n          " +
        "  backupApprovers: [lars.nilsen@meridian.org]\n      expiry: { afterDays: 365 }\n      " +
        "review: { frequency: quarterly",
    ]);
    await commit("Li Wei", "2026-04-20T12:00:00Z", "Enforce the ERP device policy (#18)", [
      "policies/conditional-access/internals.yaml",
      "    state: reportOnly\n",
      "    state: enabled\n",
    ]);
    await commit("Sofia Alvarez", "2026-05-30T13:00:00Z", "Remove Kofi from Exchange administration (#21)", [
      "roles/privileged.yaml",
      "    eligible:\n      - principal: kofi.boateng@meridian.org\n        durationDays: " +
        "90\n    activation:\n      maxDurationHours: 4\n      approvers: " +
        "[peter.otieno@meridian.org, sofia.alvarez@meridian.org]",
      "    eligible: []\n    activation:\n      maxDurationHours: 4\n      approvers: [peter.otieno@meridian.org, sofia.alvarez@meridian.org]",
    ]);
    return root;
  }

  it("reports exactly the four semantic changes with their authors, dates and pull requests", async () => {
    const root = await repoWithHistory();
    const cap = captureOutput();
    expect(await runChangelog({ catalog: root, since: "HEAD~4", format: "json" }, cap.out)).toBe(0);
    const entries = JSON.parse(cap.stdout()) as ChangelogEntry[];
    expect(entries.map((e) => [e.author, e.date.slice(0, 10), e.pullRequest])).toEqual([
      ["Amina Yusuf", "2026-02-10", 12],
      ["Lars Nilsen", "2026-03-03", 15],
      ["Li Wei", "2026-04-20", 18],
      ["Sofia Alvarez", "2026-05-30", 21],
    ]);
    expect(entries[0]!.changes).toEqual([
      { area: "business role", id: "fin-treasury-analyst", change: 'added "Treasury analyst"' },
      { area: "entitlement", id: "fin-treasury-analyst", change: "grants group fin-treasury" },
    ]);
    expect(entries[1]!.changes).toEqual([
      {
        area: "approval",
        id: "fin-vendor-master",
        change:
          "approval stage 1: manager; stage 2: amina.yusuf@meridian.org or daniel.mensah@meridian.org → stage 1: manager; stage 2: amina.yusuf@meridian.org",
      },
    ]);
    expect(entries[2]!.changes).toEqual([{ area: "conditional access", id: "ca207-internals-erp-managed-device", change: "state reportOnly → enabled" }]);
    expect(entries[3]!.changes).toEqual([
      { area: "privileged access", id: "exchange-admin", change: "eligible kofi.boateng@meridian.org removed from Exchange Administrator" },
    ]);
    const diff = captureOutput();
    await runDiff({ catalog: root, from: "HEAD~2", to: "HEAD", format: "md" }, diff.out);
    expect(diff.stdout()).toMatch(
      /\*\*conditional access\*\* `ca207-internals-erp-managed-device`: state reportOnly → enabled\n- \*\*privileged access\*\* `exchange-admin`/,
    );
  });

  it("reproduces a report of an older revision byte for byte with --at", async () => {
    const root = await repoWithHistory();
    const first = await report("all", "md", { catalog: root, at: "HEAD~4" });
    const again = await report("all", "md", { catalog: root, at: "HEAD~4" });
    expect(again).toBe(first);
    expect(first).not.toMatch(/fin-treasury-analyst/);
    expect(await report("all", "md", { catalog: root, at: "HEAD" })).toMatch(/fin-treasury-analyst/);
    expect(await report("all", "csv", { catalog: root, at: "HEAD~4" })).toBe(await report("all", "csv", { catalog: root, at: "HEAD~4" }));
  });
});

const CHROMIUM = "/usr/bin/chromium";

describe.skipIf(!existsSync(CHROMIUM))("the HTML evidence pack in headless Chromium", () => {
  it("opens without console errors, filters, sorts, and is saved as a screenshot", async () => {
    const { chromium } = await import("playwright-core");
    const dir = await mkdtemp(path.join(tmpdir(), "idac-evidence-"));
    expect(await runReport({ catalog: ROOT, kind: "all", format: "html", out: dir, today: TODAY }, captureOutput().out)).toBe(0);
    const html = await readFile(path.join(dir, "evidence.html"), "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!learn\.microsoft)/);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`file://${path.join(dir, "evidence.html")}`);
      expect(await page.locator("#commit").textContent()).toMatch(/^[0-9a-f]{40}/);
      const rows = page.locator("#access-matrix-table tbody tr");
      const total = await rows.count();
      expect(total).toBeGreaterThan(50);
      await page.fill('input[data-table="access-matrix-table"]', "treasury payment");
      const visible = await page.locator("#access-matrix-table tbody tr:not([hidden])").count();
      expect(visible).toBeGreaterThan(0);
      expect(visible).toBeLessThan(total);
      await page.fill('input[data-table="access-matrix-table"]', "");
      await page.click('#access-reviews-table th[data-col="0"]');
      await page.click('#access-reviews-table th[data-col="0"]');
      const first = await page.locator("#access-reviews-table tbody tr").first().locator("td").first().textContent();
      expect(first).toBe("sc-buyer");
      const out = path.join(ROOT, "test-output");
      await mkdir(out, { recursive: true });
      await page.screenshot({ path: path.join(out, "evidence-pack.png"), fullPage: false });
      expect(existsSync(path.join(out, "evidence-pack.png"))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
