import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXPORT_LAYOUT_HINT, GraphExportError, readGraphExport, unmodelledProperties, type GraphExport } from "../../src/brownfield/graph";
import { runCleanup } from "../../src/cli/commands/cleanup";
import { runDrift } from "../../src/cli/commands/drift";
import { runImport } from "../../src/cli/commands/import";
import type { Catalog } from "../../src/model/model";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { betaPowerShellExport, windowsPowerShellBytes } from "../helpers/beta-export";
import { captureOutput, readTree, writeCatalog } from "../helpers/catalog";
import { graphExportOf } from "../helpers/graph-fixture";

const ROOT = path.resolve(__dirname, "../..");
const HAND = path.join(ROOT, "test/fixtures/graph/hand-written");
const PERSONA = path.join(HAND, "persona");
const EXAMPLE_EXPORT = path.join(ROOT, "test/fixtures/graph/example-prod");

/** A fresh folder holding the given files (relative path → bytes or JSON value). */
async function exportFolder(files: Record<string, Uint8Array | string | object>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "idac-read-"));
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content instanceof Uint8Array || typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** The problems a refused export lists (fails the test when it is read). */
async function refusal(dir: string, limits?: Parameters<typeof readGraphExport>[1]): Promise<GraphExportError> {
  try {
    await readGraphExport(dir, limits);
  } catch (err) {
    if (err instanceof GraphExportError) return err;
    throw err;
  }
  throw new Error(`${dir} was read`);
}

const LOCATION = {
  "@odata.type": "#microsoft.graph.countryNamedLocation",
  id: "1c4427fd-0885-4a3d-8b23-09a899ffa959",
  displayName: "Zürich – Genève",
  countriesAndRegions: ["CH"],
};
const PAGE = JSON.stringify(
  { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/namedLocations", value: [LOCATION] },
  null,
  2,
);
const utf16be = (text: string) => Buffer.from(text, "utf16le").swap16();

describe("reading an export file's encoding", () => {
  it.each([
    ["UTF-8", Buffer.from(PAGE, "utf8")],
    ["UTF-8 with a byte order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PAGE, "utf8")])],
    ["UTF-16LE with a byte order mark and CRLF, as Windows PowerShell 5 writes it", windowsPowerShellBytes(PAGE)],
    ["UTF-16BE with a byte order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(PAGE)])],
  ])("reads %s", async (_, bytes) => {
    const data = await readGraphExport(await exportFolder({ "namedLocations/page-1.json": bytes }));
    expect(data.namedLocations.map((l) => [l.displayName, l.countriesAndRegions])).toEqual([["Zürich – Genève", ["CH"]]]);
  });

  it.each([
    [
      "refuses UTF-16LE without a byte order mark, naming the encoding",
      Buffer.from(PAGE, "utf16le"),
      "is UTF-16LE text without a byte order mark: idac reads UTF-16 only with one, as Windows PowerShell writes it (save it as UTF-8)",
    ],
    [
      "refuses UTF-16BE without a byte order mark, naming the encoding",
      utf16be(PAGE),
      "is UTF-16BE text without a byte order mark: idac reads UTF-16 only with one, as Windows PowerShell writes it (save it as UTF-8)",
    ],
    [
      "refuses UTF-32 (PowerShell -Encoding utf32)",
      Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from("{}", "utf16le")]),
      "is UTF-32LE text: idac reads UTF-8, or UTF-16 with a byte order mark (save it as UTF-8)",
    ],
    ["refuses Windows-1252 text", Buffer.from(PAGE, "latin1"), "is neither UTF-8 text nor text with a UTF-16 byte order mark (save it as UTF-8)"],
    [
      "refuses a UTF-16 file cut in the middle of a character",
      windowsPowerShellBytes(PAGE).subarray(0, 41),
      "is not valid UTF-16LE text, although it starts with that encoding's byte order mark",
    ],
    ["refuses an empty file", windowsPowerShellBytes("\n"), "is empty (no JSON)"],
    // The parser's own words (they vary with the Node.js version) follow.
    ["refuses text that is not JSON", Buffer.from("Id : 1c4427fd\nDisplayName : Zürich", "utf8"), /^is not JSON \(Unexpected token .+\)$/],
  ])("%s, with the file name", async (_, bytes, why) => {
    const err = await refusal(await exportFolder({ "namedLocations/page-1.json": bytes, "namedLocations/page-2.json": { value: [] } }));
    expect(err.problems).toHaveLength(1);
    if (typeof why === "string") expect(err.problems[0]).toBe(`namedLocations/page-1.json: ${why}`);
    else expect(err.problems[0]!.replace("namedLocations/page-1.json: ", "")).toMatch(why);
  });
});

describe("reading an export's layout", () => {
  const POLICY = {
    id: "7359d0e0-d8a9-4afa-8a93-e23e099d7be8",
    displayName: "CA001",
    state: "enabled",
    conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] } },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
  };
  const OTHER = { ...POLICY, id: "9edd8965-77e4-5909-b34b-d057da1f739e", displayName: "CA002" };
  const names = (data: GraphExport) => data.conditionalAccessPolicies.map((p) => p.displayName);

  it.each<[string, Record<string, object>]>([
    [
      "pages following @odata.nextLink, with @odata.context and @odata.count",
      {
        "conditionalAccessPolicies/page-1.json": {
          "@odata.context": "x/$metadata#identity/conditionalAccess/policies",
          "@odata.count": 2,
          "@odata.nextLink": "https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies?$skiptoken=1",
          value: [POLICY],
        },
        "conditionalAccessPolicies/page-2.json": { value: [OTHER] },
      },
    ],
    ["a page without annotations in <collection>.json", { "conditionalAccessPolicies.json": { value: [POLICY, OTHER] } }],
    [
      "single objects, one per file, in the collection's folder",
      { "conditionalAccessPolicies/CA001.json": POLICY, "conditionalAccessPolicies/CA002.json": OTHER },
    ],
    ["a JSON array of objects (ConvertTo-Json of a list)", { "conditionalAccessPolicies.json": [POLICY, OTHER] }],
    ["a flat folder of policy files, recognised by their properties", { "CA001.json": POLICY, "exported/CA002.json": OTHER }],
    [
      "a flat folder recognised by @odata.type and by the @odata.context of a GET",
      {
        "a.json": { "@odata.type": "#microsoft.graph.conditionalAccessPolicy", ...POLICY },
        "b.json": {
          "@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies/$entity",
          ...OTHER,
          grantControls: undefined,
        },
      },
    ],
  ])("reads %s", async (_, files) => {
    expect(names(await readGraphExport(await exportFolder(files)))).toEqual(["CA001", "CA002"]);
  });

  it("reads the authentication methods policy, one object, from a GET's file wherever it lies, by its @odata.context or its shape", async () => {
    const policy = { id: "authenticationMethodsPolicy", authenticationMethodConfigurations: [{ id: "Sms", state: "disabled" }] };
    for (const files of <Record<string, object>[]>[
      { "mfa.json": { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/authenticationMethodsPolicy", ...policy } },
      { "exported/policy.json": policy },
    ]) {
      const data = await readGraphExport(await exportFolder(files));
      expect(data.authenticationMethodsPolicies.map((p) => p.authenticationMethodConfigurations)).toEqual([[{ id: "Sms", state: "disabled" }]]);
    }
  });

  it("recognises each object of a folder of Graph reference examples by @odata.type, @odata.context or shape", async () => {
    const data = await readGraphExport(path.join(HAND, "graph-docs"));
    expect({
      conditionalAccessPolicies: names(data),
      namedLocations: data.namedLocations.map((l) => [l["@odata.type"], l.displayName]),
      authenticationStrengthPolicies: data.authenticationStrengthPolicies.map((s) => s.displayName),
      groups: data.groups.map((g) => g.displayName),
      accessPackages: data.accessPackages.map((p) => p.displayName),
      users: data.users.length,
    }).toEqual({
      conditionalAccessPolicies: ["Demo app for documentation", "Block access from servers"],
      namedLocations: [["#microsoft.graph.countryNamedLocation", "Named location with unknown countries and regions"]],
      authenticationStrengthPolicies: ["Phishing-resistant MFA", "Contoso authentication level"],
      groups: ["Golf Assist"],
      accessPackages: ["Marketing Campaign"],
      users: 0,
    });
  });

  it("gives a named location without @odata.type the kind its properties say", async () => {
    const data = await readGraphExport(
      await exportFolder({
        "locations.json": [
          { id: "a", displayName: "Office", ipRanges: [{ cidrAddress: "10.0.0.0/8" }] },
          { id: "b", displayName: "Home", countriesAndRegions: ["NL"] },
        ],
      }),
    );
    expect(data.namedLocations.map((l) => [l.displayName, l["@odata.type"]])).toEqual([
      ["Office", "#microsoft.graph.ipNamedLocation"],
      ["Home", "#microsoft.graph.countryNamedLocation"],
    ]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      "refuses a collection whose last page has @odata.nextLink (an export cut short)",
      { "groups/page-1.json": { "@odata.nextLink": "https://graph.microsoft.com/v1.0/groups?$skiptoken=1", value: [{ id: "g1", displayName: "G" }] } },
      ["groups/page-1.json: has @odata.nextLink, but the export holds no page after it for groups: the export was cut short (export every page)"],
    ],
    [
      "refuses an object in two files",
      { "CA001.json": POLICY, "conditionalAccessPolicies/page-1.json": { value: [POLICY] } },
      ["conditionalAccessPolicies/page-1.json: $.value[0]: conditionalAccessPolicies object 7359d0e0-d8a9-4afa-8a93-e23e099d7be8 is in CA001.json too"],
    ],
    [
      "refuses an object whose @odata.type belongs in another collection",
      { "groups/page-1.json": { value: [{ "@odata.type": "#microsoft.graph.user", id: "u1", userPrincipalName: "ann@contoso.org" }] } },
      ["groups/page-1.json: $.value[0] is #microsoft.graph.user, which belongs in users, not groups"],
    ],
    [
      "refuses an object of a kind idac does not read",
      { "CA001.json": POLICY, "device.json": { "@odata.type": "#microsoft.graph.device", id: "d1" } },
      ["device.json: is #microsoft.graph.device, which is not an object idac reads"],
    ],
    [
      "refuses a per-object page not named after its object",
      { "CA001.json": POLICY, "groupMembers/members.json": { value: [] } },
      ["groupMembers/members.json: is not named <object id>-<page>.json, as the pages of one object in groupMembers/ are"],
    ],
    ["refuses a file of scalars", { "CA001.json": POLICY, "count.json": 42 }, ["count.json: holds a JSON number, not Graph objects"]],
    [
      "refuses Microsoft Graph PowerShell objects (Get-Mg… | ConvertTo-Json), saying how to export Graph JSON",
      {
        "CA001.json": POLICY,
        "policy.json": {
          Id: "x",
          DisplayName: "CA003",
          Conditions: "Microsoft.Graph.PowerShell.Models.MicrosoftGraphConditionalAccessConditionSet",
          AdditionalProperties: {},
        },
      },
      [
        "policy.json: $ is a Microsoft Graph PowerShell object (properties such as " +
          '"AdditionalProperties" in PascalCase, AdditionalProperties), not Graph JSON: its ' +
          "property names are not Graph's and ConvertTo-Json cuts it at depth 2 by default. Export " +
          "the JSON Graph returns instead (Invoke-MgGraphRequest -OutputType Json, or idac export)",
      ],
    ],
    [
      "names the JSON path of a property that fails its check, in every layout",
      { "CA001.json": { ...POLICY, state: 1 }, "more.json": [POLICY, { ...OTHER, displayName: null }] },
      ["CA001.json: $.state: Invalid input: expected string, received number", "more.json: $[1].displayName: Invalid input: expected string, received null"],
    ],
    [
      "refuses a workflow task without its task definition and a directory role policy without its role",
      {
        "lifecycleWorkflows/page-1.json": {
          value: [{ id: "w1", displayName: "Leaver", category: "leaver", tasks: [{ displayName: "Disable user account" }] }],
        },
        "directoryRolePolicies/page-1.json": { value: [{ id: "DirectoryRole_t_p_r", scopeId: "/", scopeType: "DirectoryRole", policy: { rules: [] } }] },
      },
      [
        "lifecycleWorkflows/page-1.json: $.value[0].tasks.0.taskDefinitionId: Invalid input: expected string, received undefined",
        "directoryRolePolicies/page-1.json: $.value[0].roleDefinitionId: Invalid input: expected string, received undefined",
      ],
    ],
  ])("%s", async (_, files, problems) => {
    expect((await refusal(await exportFolder(files as Record<string, object>))).problems).toEqual(problems);
  });
});

describe("reading the beta endpoint as Windows PowerShell writes it", () => {
  let v1: GraphExport;
  let beta: GraphExport;
  beforeAll(async () => {
    v1 = await readGraphExport(path.join(PERSONA, "v1.0"));
    beta = await readGraphExport(path.join(PERSONA, "beta-powershell"));
  });
  const byId = <T extends { id: string }>(list: readonly T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

  it("is the fixture: UTF-16LE with a byte order mark and CRLF of its reviewable UTF-8 source (regenerate with IDAC_UPDATE_FIXTURES=1)", async () => {
    const source = path.join(PERSONA, "beta-powershell-source");
    const names = (await readdir(source)).sort();
    for (const name of names) {
      const expected = windowsPowerShellBytes(await readFile(path.join(source, name), "utf8"));
      if (process.env.IDAC_UPDATE_FIXTURES === "1") await writeFile(path.join(PERSONA, "beta-powershell", name), expected);
      expect((await readFile(path.join(PERSONA, "beta-powershell", name))).equals(expected), name).toBe(true);
    }
    expect((await readdir(path.join(PERSONA, "beta-powershell"))).sort()).toEqual(names);
    const first = await readFile(path.join(PERSONA, "beta-powershell", names[0]!));
    expect([...first.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x7b, 0x00]);
    expect(first.includes(Buffer.from("\r\n", "utf16le"))).toBe(true);
  });

  it("gives the objects the v1.0 export of the same tenant gives: annotations at every depth and null beta properties ignored", () => {
    expect(beta.conditionalAccessPolicies.length).toBe(8);
    const withoutAgents = (p: GraphExport["conditionalAccessPolicies"][number]) => {
      if (!p.displayName.startsWith("CA901")) return p;
      const {
        agentIdRiskLevels: _risk,
        clientApplications,
        ...conditions
      } = p.conditions as unknown as Record<string, unknown> & { clientApplications: Record<string, unknown> };
      const { includeAgentIdServicePrincipals: _agents, ...clients } = clientApplications;
      return { ...p, conditions: Object.keys(clients).length ? { ...conditions, clientApplications: clients } : conditions };
    };
    // A property both endpoints define may be null in one export and missing in the other: the same value.
    const withoutNulls = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(withoutNulls)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .filter(([, x]) => x !== null)
                .map(([k, x]) => [k, withoutNulls(x)]),
            )
          : v;
    expect(withoutNulls(byId(beta.conditionalAccessPolicies).map(withoutAgents))).toEqual(withoutNulls(byId(v1.conditionalAccessPolicies)));
    expect(byId(beta.namedLocations)).toEqual(byId(v1.namedLocations));
    expect(byId(beta.groups)).toEqual(byId(v1.groups));
    const ca203 = beta.conditionalAccessPolicies.find((p) => p.displayName.startsWith("CA203"))!;
    expect(JSON.stringify(ca203)).not.toMatch(/@odata|#microsoft\.graph|agentIdRiskLevels|networkAccess|partialEnablementStrategy/);
  });

  it("names each non-empty property idac does not model, and no null one", () => {
    const unmodelled = (data: GraphExport) =>
      Object.fromEntries(byId(data.conditionalAccessPolicies).map((p) => [p.displayName.slice(0, 5), unmodelledProperties(p)]));
    expect(unmodelled(beta)).toEqual({
      CA200: [],
      CA202: [],
      CA203: [],
      CA204: [],
      CA205: [],
      CA207: [],
      CA900: [],
      CA901: ["conditions.agentIdRiskLevels", "conditions.clientApplications.includeAgentIdServicePrincipals"],
    });
    expect(unmodelled(v1)).toEqual({ ...unmodelled(beta), CA901: [] });
    expect([...beta.namedLocations, ...beta.groups].flatMap((o) => unmodelledProperties(o))).toEqual([]);
  });

  it("names what the Graph reference's examples set beyond idac's model: a FIDO2 combination configuration", async () => {
    const data = await readGraphExport(path.join(HAND, "graph-docs"));
    expect(
      [...data.conditionalAccessPolicies, ...data.authenticationStrengthPolicies, ...data.namedLocations].map((o) => [o.displayName, unmodelledProperties(o)]),
    ).toEqual([
      ["Demo app for documentation", []],
      ["Block access from servers", []],
      ["Phishing-resistant MFA", []],
      ["Contoso authentication level", ["combinationConfigurations"]],
      ["Named location with unknown countries and regions", []],
    ]);
  });

  it(
    "imports the beta export as the v1.0 one, listing a policy with properties the " + "provider cannot express as not imported, naming them and the limit",
    async () => {
      const imports = async (from: string) => {
        const catalog = await writeCatalog({ "environments/test.yaml": ENV_PERSONA });
        const cap = captureOutput();
        const code = await runImport({ from, out: catalog, format: "json" }, cap.out);
        const report = JSON.parse(cap.stdout()) as {
          files: string[];
          imported: Record<string, number>;
          notImported: { collection: string; displayName: string; reason: string }[];
        };
        return { code, files: await readTree(catalog), imported: report.imported, notImported: report.notImported };
      };
      const fromBeta = await imports(path.join(PERSONA, "beta-powershell"));
      const fromV1 = await imports(path.join(PERSONA, "v1.0"));
      expect(fromBeta.notImported.filter((n) => n.displayName.startsWith("CA90"))).toEqual([
        expect.objectContaining({
          collection: "conditionalAccessPolicies",
          displayName: "CA901-WorkloadIdentities-IdentityProtection-AllApps-AnyPlatform-BlockHighRiskAgents",
          properties: [
            {
              limit: "provider",
              path: "conditions.agentIdRiskLevels",
              value: "high",
              why: "agent identities: azuread 3.7.0 has no attribute for conditions.agentIdRiskLevels",
            },
            {
              limit: "provider",
              path: "conditions.clientApplications.includeAgentIdServicePrincipals",
              value: ["All"],
              why: "agent identities: azuread 3.7.0 has no attribute for conditions.clientApplications.includeAgentIdServicePrincipals",
            },
          ],
        }),
      ]);
      // The v1.0 endpoint does not show the agent identities CA901 targets: only there is it imported.
      expect(fromV1.notImported.filter((n) => !n.displayName.startsWith("CA901"))).toEqual(
        fromBeta.notImported.filter((n) => !n.displayName.startsWith("CA901")),
      );
      expect(fromBeta.imported.namedLocations).toBe(2);
    },
  );
});

const ENV_PERSONA = `environments:
  - id: test
    tenantId: 11111111-1111-1111-1111-111111111111
    breakGlass:
      accounts: [aaaaaaaa-0000-0000-0000-000000000001, aaaaaaaa-0000-0000-0000-000000000002]
      group: aaaaaaaa-0000-0000-0000-0000000000ff
    backend: { type: local }
`;

describe("idac drift on a beta export of the example written by Windows PowerShell", () => {
  let example: Catalog;
  beforeAll(async () => {
    example = (await loadCatalog(ROOT)).catalog!;
  });

  it("finds no drift: annotations and null beta properties are not differences", async () => {
    const files = betaPowerShellExport(graphExportOf(example, "prod"));
    const dir = await exportFolder(files);
    const sample = (
      await readFile(
        path.join(
          dir,
          Object.keys(files).find((f) => f.startsWith("conditionalAccessPolicies/"))!,
        ),
      )
    ).subarray(0, 2);
    expect([...sample]).toEqual([0xff, 0xfe]);
    const cap = captureOutput();
    expect(await runDrift({ catalog: ROOT, from: dir, environment: "prod", format: "json" }, cap.out)).toBe(0);
    expect((JSON.parse(cap.stdout()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe("--from that is not an export", () => {
  const commands: [string, (from: string, out: ReturnType<typeof captureOutput>["out"], catalog: string) => Promise<number>][] = [
    ["import", (from, out, catalog) => runImport({ from, out: catalog, format: "md" }, out)],
    ["drift", (from, out) => runDrift({ catalog: ROOT, from, environment: "prod", format: "md" }, out)],
    ["report cleanup", (from, out) => runCleanup({ from, catalog: ROOT, format: "md" }, out)],
  ];
  const cases: [string, () => Promise<string>, (dir: string) => string][] = [
    ["does not exist", async () => path.join(await mkdtemp(path.join(tmpdir(), "idac-from-")), "graph-export"), () => "no such folder."],
    ["is a file", async () => path.join(await exportFolder({ "export.json": { value: [] } }), "export.json"), () => "it is a file, not an export folder."],
    ["is an empty folder", () => exportFolder({}), () => "it holds no JSON file."],
    [
      "holds only JSON that is not Graph objects",
      () => exportFolder({ "settings.json": { theme: "dark" } }),
      () =>
        "none of its 1 JSON file(s) holds a Microsoft Graph collection idac reads.\n  " +
        "settings.json: is not an object idac reads: it has no @odata.type, its file no " +
        "@odata.context, and its properties match no collection idac reads",
    ],
  ];
  for (const [command, run] of commands) {
    it.each(cases)(
      `refuses it for idac ${command} with exit 2 when it %s, naming the folder and what an export holds, and writes nothing`,
      async (_, make, summary) => {
        const from = await make();
        const catalog = await writeCatalog({}, {});
        const before = await readTree(catalog);
        const cap = captureOutput();
        expect(await run(from, cap.out, catalog)).toBe(2);
        expect(cap.stderr()).toBe(`Refusing --from "${from}": ${summary(from)}\n  hint: ${EXPORT_LAYOUT_HINT}\n`);
        expect(cap.stdout()).toBe("");
        expect(await readTree(catalog)).toEqual(before);
      },
    );
  }

  it("says what an export folder holds: the collection folders, and pages, arrays or single objects one per file", () => {
    expect(EXPORT_LAYOUT_HINT).toContain(
      "users, servicePrincipals, administrativeUnits, groups, namedLocations, " +
        "authenticationStrengthPolicies, accessPackageCatalogs, roleAssignments, roleDefinitions, " +
        "roleAssignmentSchedules, roleEligibilitySchedules, conditionalAccessPolicies, " +
        "accessPackages, assignmentPolicies",
    );
    expect(EXPORT_LAYOUT_HINT).toContain('collection pages {"value": [...]}, JSON arrays of objects, or single objects one per file');
  });

  it("refuses an export with unrecognised JSON files next to recognised ones, listing each (fail closed), for import, drift and cleanup", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-mixed-"));
    await cp(EXAMPLE_EXPORT, dir, { recursive: true });
    await writeFile(path.join(dir, "settings.json"), JSON.stringify({ theme: "dark" }));
    await writeFile(path.join(dir, "groups/notes.json"), "see the wiki");
    for (const [, run] of commands) {
      const catalog = await writeCatalog({});
      const cap = captureOutput();
      expect(await run(dir, cap.out, catalog)).toBe(2);
      expect(cap.stderr()).toBe(
        [
          `Refusing --from "${dir}": 2 problem(s) in the export, so nothing was read from it.`,
          "  groups/notes.json: is not JSON (Unexpected token 's', \"see the wiki\" is not valid JSON)",
          "  settings.json: is not an object idac reads: it has no @odata.type, its file no @odata.context, and its properties match no collection idac reads",
          `  hint: ${EXPORT_LAYOUT_HINT}`,
          "",
        ].join("\n"),
      );
    }
  });
});

describe("reading an export within bounds", () => {
  it.each<[string, Parameters<typeof readGraphExport>[1], string]>([
    [
      "refuses a file larger than the limit",
      { limits: { maxFileBytes: 100 } },
      `namedLocations/page-1.json: is ${Buffer.byteLength(PAGE)} bytes; a file of an export may hold at most 100 bytes`,
    ],
    ["refuses JSON nested deeper than the limit", { limits: { maxJsonDepth: 3 } }, "namedLocations/page-1.json: nests JSON deeper than 3 levels"],
  ])("%s", async (_, options, problem) => {
    const err = await refusal(await exportFolder({ "namedLocations/page-1.json": PAGE }), options);
    expect(err.problems).toEqual([problem]);
  });

  it("refuses a folder of more JSON files than the limit without reading them", async () => {
    const err = await refusal(await exportFolder({ "a.json": [], "b.json": [], "c.json": [] }), { limits: { maxFiles: 2 } });
    expect(err.problems).toEqual(["(folder): holds more than 2 JSON files, more than an export of any tenant holds: nothing was read"]);
  });

  it("follows symbolic links inside the export folder, and refuses one that leaves it", async () => {
    const outside = await exportFolder({ "secret.json": { value: [LOCATION] } });
    // The link's target is no .json file of its own, so it is read once, through the link.
    const dir = await exportFolder({ "saved/locations.txt": PAGE });
    await mkdir(path.join(dir, "namedLocations"));
    await symlink(path.join(dir, "saved/locations.txt"), path.join(dir, "namedLocations/page-1.json"));
    expect((await readGraphExport(dir)).namedLocations.map((l) => l.displayName)).toEqual(["Zürich – Genève"]);
    await symlink(path.join(outside, "secret.json"), path.join(dir, "namedLocations/page-2.json"));
    expect((await refusal(dir)).problems).toEqual([
      `namedLocations/page-2.json: is a symbolic link to ${JSON.stringify(path.join(outside, "secret.json"))}, outside the export folder: not read`,
    ]);
  });
});
