import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runValidate } from "../../src/cli/commands/validate";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput, writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";

async function committedCatalog(files: Record<string, string> = SMALL_CATALOG): Promise<string> {
  const root = await writeCatalog(files);
  const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-qm", "catalog");
  return root;
}

const edit = async (root: string, file: string, from: string, to: string, files: Record<string, string> = SMALL_CATALOG) => {
  const p = path.join(root, file);
  const text = files[file]!;
  expect(text).toContain(from);
  await writeFile(p, text.replace(from, to));
};

// An assigned group nothing grants: it may become role-assignable (a dynamic group may not, and a granted one cannot).
const WITH_COUNCIL = {
  ...SMALL_CATALOG,
  "roles/shared.yaml": SMALL_CATALOG["roles/shared.yaml"]!.replace(
    "accessPackageCatalogs:\n",
    "  - id: staff-council\n    displayName: Staff council\n    description: Elected " +
      "staff representatives\n    owners: [ann.owner@example.org, bob.owner@example.org]\n    " +
      "membership: { type: assigned, members: [carol@example.org] }\naccessPackageCatalogs:\n",
  ),
};
const COUNCIL = "    description: Elected staff representatives\n";

describe("changes that replace objects", () => {
  it("fail validation naming the field when the entry does not say replace: true", async () => {
    const root = await committedCatalog(WITH_COUNCIL);
    await edit(root, "roles/shared.yaml", COUNCIL, `${COUNCIL}    assignableToRole: true\n`, WITH_COUNCIL);
    const { catalog, issues } = await loadCatalog(root, { base: "HEAD" });
    expect(catalog).toBeUndefined();
    const line = (await readFile(path.join(root, "roles/shared.yaml"), "utf8")).split("\n").indexOf("    assignableToRole: true") + 1;
    expect(issues).toEqual([
      expect.objectContaining({
        code: "CATALOG_FORCES_REPLACEMENT",
        severity: "error",
        file: "roles/shared.yaml",
        line,
        path: "groups[2].assignableToRole",
        message: expect.stringMatching(/Changing the assignableToRole of group 'staff-council' \(false → true\) replaces it/),
      }),
    ]);
    const cap = captureOutput();
    expect(await runValidate({ catalog: root, format: "human", base: "HEAD" }, cap.out)).toBe(2);
    expect(cap.stderr()).toContain(`roles/shared.yaml:${line}:`);
    expect(cap.stderr()).toMatch(/error CATALOG_FORCES_REPLACEMENT/);
  });

  it("pass with replace: true and are reported as a replacement", async () => {
    const root = await committedCatalog(WITH_COUNCIL);
    await edit(root, "roles/shared.yaml", COUNCIL, `${COUNCIL}    assignableToRole: true\n    replace: true\n`, WITH_COUNCIL);
    const { catalog, issues } = await loadCatalog(root, { base: "HEAD" });
    expect(catalog).toBeDefined();
    expect(issues).toEqual([
      expect.objectContaining({ code: "CATALOG_REPLACEMENT", severity: "warning", message: expect.stringMatching(/'staff-council' will be replaced/) }),
    ]);
  });

  it.each([
    [
      "a directory role",
      "roles/privileged.yaml",
      "directoryRole: Helpdesk Administrator",
      "directoryRole: User Administrator",
      /directory role of privileged role 'helpdesk-kenya'/,
    ],
    ["a membership type", "roles/shared.yaml", "      type: dynamic\n      when: { employeeType: Staff }", "      type: assigned", /membership type/],
    [
      "a requestable role's domain",
      "roles/finance.yaml",
      "domain: finance",
      "domain: treasury",
      /domain \(the Terraform stack of its access package\) of business role 'fin-approver'/,
    ],
    ["a named location's kind", "policies/ca.yaml", "    countries: { codes: [KP, IR] }", "    ip: { ranges: [192.0.2.0/24] }", /kind \(ip or countries\)/],
  ])("are detected for %s", async (_label, file, from, to, message) => {
    const root = await committedCatalog();
    await edit(root, file, from, to);
    const { issues } = await loadCatalog(root, { base: "HEAD" });
    expect(
      issues.some((i) => i.code === "CATALOG_FORCES_REPLACEMENT" && message.test(i.message)),
      JSON.stringify(issues, null, 1),
    ).toBe(true);
  });

  it("follow an entry across a rename with previousIds", async () => {
    const root = await committedCatalog();
    const text = SMALL_CATALOG["roles/shared.yaml"]!.replace("  - id: ke-files\n", "  - id: kenya-files\n    previousIds: [ke-files]\n").replace(
      "membership: { type: assigned, managed: false }",
      "membership: { type: assigned, managed: true }",
    );
    await writeFile(path.join(root, "roles/shared.yaml"), text);
    await writeFile(path.join(root, "roles/finance.yaml"), SMALL_CATALOG["roles/finance.yaml"]!.replace("ke-files]", "kenya-files]"));
    const { issues } = await loadCatalog(root, { base: "HEAD" });
    expect(issues).toEqual([
      expect.objectContaining({ code: "CATALOG_FORCES_REPLACEMENT", message: expect.stringMatching(/membership\.managed .* of group 'kenya-files'/) }),
    ]);
  });

  it("are not checked outside a git repository with the default base, which says so in a warning, or without a base", async () => {
    const root = await writeCatalog(SMALL_CATALOG);
    const loaded = await loadCatalog(root, { base: "HEAD", defaultBase: true });
    expect(loaded.catalog).toBeDefined();
    expect(loaded.issues).toEqual([
      expect.objectContaining({ code: "CATALOG_BASE_NOT_CHECKED", severity: "warning", message: expect.stringMatching(/not in a git repository/) }),
    ]);
    expect((await loadCatalog(root)).catalog).toBeDefined();
  });
});

describe("the bundled example", () => {
  it("fails validation when a group becomes role-assignable without replace: true, and passes with it", async () => {
    const { cp, readFile: read } = await import("node:fs/promises");
    const { mkdtemp } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const root = await mkdtemp(path.join(tmpdir(), "idac-example-git-"));
    for (const f of ["environments", "roles", "policies"]) await cp(path.resolve(__dirname, "../..", f), path.join(root, f), { recursive: true });
    const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-qm", "example");
    const file = path.join(root, "roles/shared.yaml");
    const original = await read(file, "utf8");
    const anchor = "    description: Publishes news on the intranet; membership is managed by Communications\n";
    expect(original).toContain(anchor);
    await writeFile(file, original.replace(anchor, `${anchor}    assignableToRole: true\n`));
    const cap = captureOutput();
    expect(await runValidate({ catalog: root, format: "human", base: "HEAD" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(
      /roles\/shared\.yaml:\d+:\d+: error CATALOG_FORCES_REPLACEMENT at groups\[\d+\]\.assignableToRole\n.*assignableToRole of group 'intranet-publishers'/,
    );
    await writeFile(file, original.replace(anchor, `${anchor}    assignableToRole: true\n    replace: true\n`));
    const ok = captureOutput();
    expect(await runValidate({ catalog: root, format: "human", base: "HEAD" }, ok.out)).toBe(0);
    expect(ok.stderr()).toMatch(/warning CATALOG_REPLACEMENT .*\n.*'intranet-publishers' will be replaced/);
  });
});
