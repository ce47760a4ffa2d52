import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { OWNERS, writeCatalog } from "../helpers/catalog";

const group = (extra = "", membership = "{ type: assigned }") => `groups:
  - id: fin-ap
    displayName: Finance AP
    description: Accounts payable
    owners: ${OWNERS}
    membership: ${membership}
${extra}`;

async function issuesOf(yaml: string) {
  const root = await writeCatalog({ "roles/finance.yaml": yaml });
  const { catalog, issues } = await loadCatalog(root);
  return { catalog, issues };
}

describe("catalog schema", () => {
  it("accepts a minimal valid group", async () => {
    const { catalog, issues } = await issuesOf(group());
    expect(issues).toEqual([]);
    expect(catalog!.groups[0]!.spec).toMatchObject({
      id: "fin-ap",
      assignableToRole: false,
      visibility: "Private",
      membership: { type: "assigned", managed: true, members: [] },
    });
  });

  it.each([
    {
      label: "an unknown key, with the closest known key",
      yaml: group("    visibilty: Private\n"),
      code: "SCHEMA_UNKNOWN_KEY",
      line: 7,
      message: /Unknown key 'visibilty'/,
      hint: /Did you mean 'visibility'/,
    },
    {
      label: "an unknown top-level section",
      yaml: "grups: []\n",
      code: "SCHEMA_UNKNOWN_KEY",
      line: 1,
      message: /Unknown key 'grups' in the top level/,
      hint: /Did you mean 'groups'/,
    },
    {
      label: "an invalid enum value",
      yaml: group("    visibility: private\n"),
      code: "SCHEMA_INVALID_VALUE",
      line: 7,
      message: /'visibility' is "private"; expected one of Private, Public\.$/,
      hint: /Did you mean 'Private'/,
    },
    {
      label: "a missing required field",
      yaml: "groups:\n  - id: fin-ap\n    displayName: x\n    owners: [a@b.org]\n    membership: { type: assigned }\n",
      code: "SCHEMA_MISSING_FIELD",
      line: 2,
      message: /Missing required field 'description'/,
    },
    {
      label: "a wrong type",
      yaml: group('    assignableToRole: "yes"\n'),
      code: "SCHEMA_INVALID_TYPE",
      line: 7,
      message: /'assignableToRole' should be true or false, found "yes"/,
    },
    {
      label: "an invalid ID",
      yaml: group().replace("id: fin-ap", "id: Fin_AP"),
      code: "SCHEMA_INVALID_VALUE",
      line: 2,
      message: /catalog ID/,
    },
    {
      label: "an owner that is neither UPN nor GUID",
      yaml: group().replace(OWNERS, "[not-a-user]"),
      code: "SCHEMA_INVALID_VALUE",
      line: 5,
      message: /user principal name/,
    },
    {
      label: "a misspelt membership type",
      yaml: group("", "{ type: dynamc, when: {} }"),
      code: "SCHEMA_INVALID_VALUE",
      line: 6,
      message: /'type' is "dynamc"; expected one of assigned, dynamic/,
      hint: /Did you mean 'dynamic'/,
    },
    {
      label: "an HR value with a double quote",
      yaml: group("", `{ type: dynamic, when: { department: 'Fin" -or true' } }`),
      code: "SCHEMA_INVALID_VALUE",
      line: 6,
      message: /double quotes/,
    },
    {
      label: "an unknown HR operator",
      yaml: group("", "{ type: dynamic, when: { department: { equal: Finance } } }"),
      code: "SCHEMA_UNKNOWN_KEY",
      line: 6,
      message: /Unknown key 'equal'/,
      hint: /Did you mean 'equals'/,
    },
    {
      label: "a display name with a newline",
      yaml: group().replace("displayName: Finance AP", 'displayName: "Finance\\nAP"'),
      code: "SCHEMA_INVALID_VALUE",
      line: 3,
      message: /control characters/,
    },
    {
      label: "an impossible date",
      yaml: `privilegedRoles:
  - id: ga
    directoryRole: Global Administrator
    group: { displayName: PIM GA, description: d, owners: [a@b.org] }
    activation: { maxDurationHours: 1 }
    eligible:
      - principal: a@b.org
        expires: 2027-02-30
`,
      code: "SCHEMA_INVALID_VALUE",
      line: 8,
      message: /real calendar date/,
    },
    {
      label: "an invalid CIDR range",
      yaml: "namedLocations:\n  - id: hq\n    displayName: HQ\n    ip: { ranges: [10.0.0.300/24] }\n",
      code: "SCHEMA_INVALID_VALUE",
      line: 4,
      message: /CIDR/,
    },
    {
      label: "a CA state misspelt",
      yaml:
        "conditionalAccessPolicies:\n  - id: ca001\n    displayName: CA001\n    " +
        "state: reportonly\n    users: { include: { all: true } }\n    applications: { include: " +
        "[All] }\n    grant: { controls: [mfa] }\n",
      code: "SCHEMA_INVALID_VALUE",
      line: 4,
      hint: /Did you mean 'reportOnly'/,
    },
  ])("fails when a file has $label", async ({ yaml, code, line, message, hint }) => {
    const { catalog, issues } = await issuesOf(yaml);
    expect(catalog).toBeUndefined();
    const issue = issues.find((i) => i.code === code);
    expect(issue, JSON.stringify(issues, null, 2)).toBeDefined();
    expect(issue!.file).toBe("roles/finance.yaml");
    expect(issue!.line).toBe(line);
    if (message) expect(issue!.message).toMatch(message);
    if (hint) expect(issue!.hint).toMatch(hint);
  });

  it("reports every problem of every file at once", async () => {
    const root = await writeCatalog({
      "roles/a.yaml": group("    visibilty: Private\n    colour: red\n"),
      "roles/b.yaml": group().replace("fin-ap", "b-grp").replace("assigned", "asigned"),
    });
    const { issues } = await loadCatalog(root);
    expect(issues.map((i) => `${i.file}:${i.line}:${i.code}`)).toEqual([
      "roles/a.yaml:7:SCHEMA_UNKNOWN_KEY",
      "roles/a.yaml:8:SCHEMA_UNKNOWN_KEY",
      "roles/b.yaml:6:SCHEMA_INVALID_VALUE",
    ]);
  });
});
