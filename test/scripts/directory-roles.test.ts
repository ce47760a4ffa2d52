import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateDirectoryRoleTable } from "../../scripts/directory-roles";
import { parsePermissionsReference, RoleTableError } from "../../scripts/private/permissions-reference";
import { buildRoleTable, renderRoleTable, type Supplement } from "../../scripts/private/role-table";
import { DIRECTORY_ROLE_TABLE_SOURCE, DIRECTORY_ROLES, FORMER_DIRECTORY_ROLE_NAMES } from "../../src/model/directory-role-table";

// A hand-written excerpt in the shape of Microsoft's reference (MicrosoftDocs/entra-docs permissions-reference.md).
const EXCERPT = path.resolve(__dirname, "../fixtures/permissions-reference/excerpt.md");
const FILE = "excerpt.md";
const GENERATED = path.resolve(__dirname, "../../src/model/directory-role-table.ts");
const NO_SUPPLEMENT: Supplement = { published: [], former: [] };

const excerpt = () => readFile(EXCERPT, "utf8");

/** The problems the generator reports for a source, or [] when it reads it. */
function problemsOf(markdown: string): readonly string[] {
  try {
    parsePermissionsReference(markdown, FILE);
    return [];
  } catch (error) {
    if (error instanceof RoleTableError) return error.problems;
    throw error;
  }
}

describe("reading Microsoft's All roles table", () => {
  it("reads each role's name from its link, its template ID, the PRIVILEGED label and the page's ms.date", async () => {
    const reference = parsePermissionsReference(await excerpt(), FILE);
    expect(reference.date).toBe("2026-01-20");
    expect(reference.roles).toEqual([
      { name: "Directory Readers", templateId: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", privileged: false, line: 24 },
      { name: "Global Administrator", templateId: "62e90394-69f5-4237-9190-012177145e10", privileged: true, line: 25 },
      { name: "Helpdesk Administrator", templateId: "729827e3-9c14-49f7-bb1b-9608f156bbb8", privileged: true, line: 26 },
      { name: "Microsoft Entra Joined Device Local Administrator", templateId: "9f06204d-73c1-4d4c-880a-6edb90606fd8", privileged: false, line: 27 },
      { name: "Privileged Role Administrator", templateId: "e8611ab8-c189-46e8-94e1-60213ab1f814", privileged: true, line: 28 },
    ]);
  });

  it("takes a template ID in capitals as the same ID in lower case, a plain name as the name, and an escaped pipe as text", async () => {
    const text = (await excerpt())
      .replace("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "88D8E3E3-8F55-4A1E-953A-9B9898B8876B")
      .replace("[Directory Readers](#directory-readers) | Can read basic", "Directory Readers | Can read \\| basic");
    expect(parsePermissionsReference(text, FILE).roles[0]).toEqual({
      name: "Directory Readers",
      templateId: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
      privileged: false,
      line: 24,
    });
  });

  it("does not take a description that says 'privileged' for Microsoft's PRIVILEGED label", async () => {
    const text = (await excerpt()).replace(
      "Commonly used to grant directory read access",
      "PRIVILEGED access to privileged-roles-permissions.md is not granted",
    );
    expect(parsePermissionsReference(text, FILE).roles[0]!.privileged).toBe(false);
  });

  it.each([
    {
      label: "fails when the Template ID column is missing",
      edit: (t: string) => t.replace("| Role | Description | Template ID |", "| Role | Description | Role template |"),
      problems: ["excerpt.md:22: the All roles table has no 'Template ID' column (its columns: 'Role', 'Description', 'Role template')"],
    },
    {
      label: "fails when the Role and Description columns are missing",
      edit: (t: string) => t.replace("| Role | Description | Template ID |", "| Name | Summary | Template ID |"),
      problems: ["excerpt.md:22: the All roles table has no 'Role', 'Description' column (its columns: 'Name', 'Summary', 'Template ID')"],
    },
    {
      label: "fails when a row has no GUID",
      edit: (t: string) => t.replace("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "to be announced"),
      problems: ["excerpt.md:24: 'Directory Readers' has no template ID GUID (found 'to be announced')"],
    },
    {
      label: "fails when a row lost a cell",
      edit: (t: string) => t.replace("(#helpdesk-administrator) | Can reset", "(#helpdesk-administrator) Can reset"),
      problems: ["excerpt.md:26: the row has 2 cells, the header 3"],
    },
    {
      label: "fails when a name appears twice",
      edit: (t: string) => t.replace("[Helpdesk Administrator](#helpdesk-administrator)", "[Global Administrator](#global-administrator)"),
      problems: ["excerpt.md:26: role name 'Global Administrator' appears twice (also line 25)"],
    },
    {
      label: "fails when a template ID appears twice",
      edit: (t: string) => t.replace("e8611ab8-c189-46e8-94e1-60213ab1f814", "62e90394-69f5-4237-9190-012177145e10"),
      problems: [
        "excerpt.md:28: template ID 62e90394-69f5-4237-9190-012177145e10 of 'Privileged " +
          "Role Administrator' is also the template ID of 'Global Administrator' (line 25)",
      ],
    },
    {
      label: "fails when the role cell is not a link or a name",
      edit: (t: string) => t.replace("[Directory Readers](#directory-readers)", "[Directory Readers](https://example.org)"),
      problems: ["excerpt.md:24: the Role cell '[Directory Readers](https://example.org)' is neither a link [Name](#anchor) nor a plain name"],
    },
    {
      label: "fails when no role carries the PRIVILEGED label any more",
      edit: (t: string) => t.replaceAll("privileged-label.png", "privileged.svg"),
      problems: [
        "excerpt.md:22: no role carries the PRIVILEGED label (an image linking to " +
          "privileged-label.png): its markup changed, so the PRIVILEGED markers cannot be read",
      ],
    },
    {
      label: "fails when the All roles heading is gone",
      edit: (t: string) => t.replace("## All roles", "## Roles"),
      problems: ["excerpt.md:1: no '## All roles' heading"],
    },
    { label: "fails when the table is gone", edit: (t: string) => t.replace(/> \|.*\n/g, ""), problems: ["excerpt.md:19: no table under '## All roles'"] },
    {
      label: "fails when the delimiter row is gone",
      edit: (t: string) => t.replace("> | --- | --- | --- |\n", ""),
      problems: ["excerpt.md:23: the All roles table has no delimiter row (| --- | --- |) under its header"],
    },
    {
      label: "fails when ms.date is not a date",
      edit: (t: string) => t.replace("ms.date: 01/20/2026", "ms.date: 2026-01-20"),
      problems: ["excerpt.md:7: ms.date '2026-01-20' is not a date written MM/DD/YYYY"],
    },
    {
      label: "fails when ms.date is missing",
      edit: (t: string) => t.replace("ms.date: 01/20/2026\n", ""),
      problems: ["excerpt.md:1: the front matter has no ms.date"],
    },
  ])("$label", async ({ edit, problems }) => {
    expect(problemsOf(edit(await excerpt()))).toEqual(problems);
  });

  it("fails with every problem at once, in source order", async () => {
    const text = (await excerpt())
      .replace("ms.date: 01/20/2026\n", "")
      .replace("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "")
      .replace("[Helpdesk Administrator](#helpdesk-administrator)", "[Global Administrator](#global-administrator)");
    expect(problemsOf(text)).toEqual([
      "excerpt.md:1: the front matter has no ms.date",
      "excerpt.md:23: 'Directory Readers' has no template ID GUID (found '')",
      "excerpt.md:25: role name 'Global Administrator' appears twice (also line 24)",
    ]);
  });
});

describe("building the table", () => {
  it("adds the roles Microsoft published since that the source lacks, and the former names, sorted by name", async () => {
    const reference = parsePermissionsReference(await excerpt(), FILE);
    const supplement: Supplement = {
      published: [{ name: "Entra Backup Administrator", templateId: "B6A27B2B-F905-4B2E-81B5-0D90E0EF1FDB", privileged: false }],
      former: [
        { name: "Device Administrators", templateId: "9f06204d-73c1-4d4c-880a-6edb90606fd8" },
        { name: "Company Administrator", templateId: "62e90394-69f5-4237-9190-012177145e10" },
      ],
    };
    const { table, notes } = buildRoleTable(reference, supplement);
    expect(notes).toEqual([]);
    expect(table.roles.map((r) => r.name)).toEqual([
      "Directory Readers",
      "Entra Backup Administrator",
      "Global Administrator",
      "Helpdesk Administrator",
      "Microsoft Entra Joined Device Local Administrator",
      "Privileged Role Administrator",
    ]);
    expect(table.roles[1]).toEqual({ name: "Entra Backup Administrator", templateId: "b6a27b2b-f905-4b2e-81b5-0d90e0ef1fdb", privileged: false });
    expect(table.publishedSince).toEqual(["Entra Backup Administrator"]);
    expect(table.formerNames).toEqual([
      { name: "Company Administrator", templateId: "62e90394-69f5-4237-9190-012177145e10" },
      { name: "Device Administrators", templateId: "9f06204d-73c1-4d4c-880a-6edb90606fd8" },
    ]);
  });

  it("keeps Microsoft's row when the source lists a supplement role, and asks for the entry to be deleted", async () => {
    const reference = parsePermissionsReference(await excerpt(), FILE);
    const { table, notes } = buildRoleTable(reference, {
      published: [{ name: "Global Administrator", templateId: "62e90394-69f5-4237-9190-012177145e10", privileged: false }],
      former: [],
    });
    expect(table.roles.find((r) => r.name === "Global Administrator")!.privileged).toBe(true);
    expect(table.publishedSince).toEqual([]);
    expect(notes).toEqual([
      "Microsoft's reference now lists 'Global Administrator' " +
        "(62e90394-69f5-4237-9190-012177145e10): delete 'Global Administrator' from " +
        "ROLES_PUBLISHED_SINCE in scripts/private/directory-role-supplement.ts.",
    ]);
  });

  it.each([
    {
      label: "fails when the supplement gives a role of the source another template ID",
      supplement: { published: [{ name: "global administrator", templateId: "00000000-0000-0000-0000-000000000001", privileged: true }], former: [] },
      problem:
        "scripts/private/directory-role-supplement.ts: 'global administrator' has " +
        "template ID 00000000-0000-0000-0000-000000000001, Microsoft's reference " +
        "62e90394-69f5-4237-9190-012177145e10 (line 25): check which is right",
    },
    {
      label: "fails when a former name is a current role's name",
      supplement: { published: [], former: [{ name: "Helpdesk Administrator", templateId: "966707d0-3269-4727-9be2-8c3a10f19b9d" }] },
      problem:
        "scripts/private/directory-role-supplement.ts: former name 'Helpdesk " +
        "Administrator' is the name of a current role (729827e3-9c14-49f7-bb1b-9608f156bbb8): " +
        "delete it from FORMER_ROLE_NAMES",
    },
    {
      label: "fails when a former name stands for a template ID no role has",
      supplement: { published: [], former: [{ name: "Password Administrator", templateId: "966707d0-3269-4727-9be2-8c3a10f19b9d" }] },
      problem:
        "scripts/private/directory-role-supplement.ts: former name 'Password " +
        "Administrator' stands for template ID 966707d0-3269-4727-9be2-8c3a10f19b9d, which no " +
        "role in the table has",
    },
  ])("$label", async ({ supplement, problem }) => {
    const reference = parsePermissionsReference(await excerpt(), FILE);
    expect(() => buildRoleTable(reference, supplement)).toThrow(RoleTableError);
    try {
      buildRoleTable(reference, supplement);
    } catch (error) {
      expect((error as RoleTableError).problems).toEqual([problem]);
    }
  });

  it("renders the same bytes whatever order the source lists the roles in", async () => {
    const text = await excerpt();
    const lines = text.split("\n");
    const reversed = [...lines.slice(0, 23), ...lines.slice(23, 28).reverse(), ...lines.slice(28)].join("\n");
    const render = (t: string) => renderRoleTable(buildRoleTable(parsePermissionsReference(t, FILE), NO_SUPPLEMENT).table);
    expect(render(reversed)).toBe(render(text));
    expect(render(text)).toContain(
      '  { name: "Global Administrator", templateId: "62e90394-69f5-4237-9190-012177145e10", privileged: true },\n  { name: "Helpdesk Administrator"',
    );
    expect(render(text)).toContain('// Source: the "All roles" table of Microsoft Entra built-in roles, ms.date 2026-01-20\n');
  });
});

describe("the committed table", () => {
  it("is exactly what the generator writes for its roles, source date, added roles and former names", async () => {
    const rendered = renderRoleTable({
      date: DIRECTORY_ROLE_TABLE_SOURCE.date,
      roles: DIRECTORY_ROLES,
      publishedSince: DIRECTORY_ROLE_TABLE_SOURCE.publishedSince,
      formerNames: FORMER_DIRECTORY_ROLE_NAMES,
    });
    expect(await readFile(GENERATED, "utf8")).toBe(rendered);
  });
});

describe("generating the table file", () => {
  it("writes the module for a source", async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), "idac-roles-")), "table.ts");
    const { table } = await generateDirectoryRoleTable(EXCERPT, out, NO_SUPPLEMENT);
    expect(table.roles).toHaveLength(5);
    expect(await readFile(out, "utf8")).toBe(renderRoleTable(table));
  });

  it("refuses a broken source and leaves the previous table as it was", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-roles-"));
    const out = path.join(dir, "table.ts");
    const broken = path.join(dir, "broken.md");
    await writeFile(out, "previous table\n");
    await writeFile(broken, (await excerpt()).replace("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "tbd"));
    await expect(generateDirectoryRoleTable(broken, out, NO_SUPPLEMENT)).rejects.toThrow(
      `${broken}:24: 'Directory Readers' has no template ID GUID (found 'tbd')`,
    );
    expect(await readFile(out, "utf8")).toBe("previous table\n");
  });
});
