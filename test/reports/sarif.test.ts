import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import Ajv from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { runValidate } from "../../src/cli/commands/validate";
import { ALL_RULES } from "../../src/guardrails/engine";
import { findingsSarif, fingerprint } from "../../src/reports/sarif";
import { captureOutput } from "../helpers/catalog";
import { exampleWith, ROOT } from "../guardrails/example-copy";

/** The OASIS SARIF 2.1.0 schema (errata 01), from oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json. */
const SCHEMA = path.join(ROOT, "test/fixtures/sarif/sarif-schema-2.1.0.json");
const TODAY = "2026-11-22";

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; properties: { tags: string[] } }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string; justification: string }[];
    }[];
  }[];
}

/** One validate run: the SARIF file it writes and its JSON output. */
async function sarifOf(root: string): Promise<{ log: SarifLog; json: Record<string, unknown> }> {
  const file = path.join(root, `run-${Math.random().toString(16).slice(2)}.sarif`);
  const json = captureOutput();
  await runValidate({ catalog: root, format: "json", sarif: file, today: TODAY }, json.out);
  return { log: JSON.parse(await readFile(file, "utf8")) as SarifLog, json: JSON.parse(json.stdout()) as Record<string, unknown> };
}

describe("SARIF output of validate", () => {
  it("validates against the SARIF 2.1.0 schema and round-trips rule IDs, control IDs, locations and suppressions", async () => {
    const root = await exampleWith([
      { file: "policies/conditional-access/global.yaml", find: "    clientAppTypes: [exchangeActiveSync, other]\n", replace: "    clientAppTypes: [other]\n" },
    ]);
    await writeFile(
      path.join(root, "policies/guardrails.yaml"),
      "guardrails:\n  suppressions:\n    - { rule: IDAC-CA-008, reason: Device compliance rollout planned for 2027, expires: 2027-01-31 }\n",
    );
    const { log, json } = await sarifOf(root);
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(await readFile(SCHEMA, "utf8")));
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe("idac");
    const findings = json.findings as { rule: string; file: string; line: number; col: number; controls: string[]; suppressed?: unknown }[];
    expect(
      run.results.map((r) => [
        r.ruleId,
        r.locations[0]!.physicalLocation.artifactLocation.uri,
        r.locations[0]!.physicalLocation.region.startLine,
        r.locations[0]!.physicalLocation.region.startColumn,
      ]),
    ).toEqual(findings.map((f) => [f.rule, f.file, f.line, f.col]));
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    const eas = run.results.find((r) => r.ruleId === "IDAC-CA-002")!;
    expect(eas.level).toBe("error");
    expect(eas.locations[0]!.physicalLocation.artifactLocation.uri).toBe("environments/dev.yaml");
    const rule = run.tool.driver.rules.find((r) => r.id === "IDAC-CA-001")!;
    expect(rule.shortDescription.text).toBe("Legacy authentication should be blocked for all users");
    expect(rule.fullDescription.text).toBe("Legacy protocols cannot do MFA; password spraying targets them first.");
    expect(rule.help.text).toMatch(/^Add an enabled policy for all users and all apps that blocks client app types exchangeActiveSync and other\./);
    expect(rule.properties.tags).toEqual(["security", "conditional-access", "severity:critical", "MS.AAD.1.1", "MT.1009"]);
    const suppressed = run.results.filter((r) => r.suppressions);
    expect(new Set(suppressed.map((r) => r.ruleId))).toEqual(new Set(["IDAC-CA-008"]));
    expect(suppressed[0]!.suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "Device compliance rollout planned for 2027 (until 2027-01-31)" },
    ]);
    expect(findings.find((f) => f.rule === "IDAC-CA-002")!.controls).toEqual(["MT.1010"]);
  });

  it("keeps fingerprints stable across runs and when an entry moves, and paths relative to the repository root", async () => {
    const root = await exampleWith([]);
    const first = (await sarifOf(root)).log.runs[0]!.results.map((r) => r.partialFingerprints["idacFinding/v1"]);
    const out = captureOutput();
    await runValidate({ catalog: root, format: "sarif", today: TODAY }, out.out);
    const second = (JSON.parse(out.stdout()) as SarifLog).runs[0]!.results.map((r) => r.partialFingerprints["idacFinding/v1"]);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    // A catalog in a sub-folder of the repository: URIs start with the folder.
    const finding = {
      rule: "IDAC-CA-001",
      title: "t",
      severity: "critical",
      level: "error",
      status: "fail",
      environments: ["prod"],
      entry: { section: "environments", id: "prod" },
      file: "environments/prod.yaml",
      line: 3,
      col: 5,
      path: "",
      message: "m",
      remediation: "r",
      controls: ["MS.AAD.1.1"],
    } as const;
    const log = findingsSarif([finding], { rules: ALL_RULES, root: "identity/catalog/", toolVersion: "1.0.0" }) as SarifLog;
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("identity/catalog/environments/prod.yaml");
    expect(fingerprint({ ...finding, line: 40, message: "m" })).toBe(fingerprint(finding));
    expect(fingerprint({ ...finding, message: "other" })).not.toBe(fingerprint(finding));
  });

  it("writes --sarif <file> next to the human output, and refuses to write it for an invalid catalog", async () => {
    const root = await exampleWith([]);
    const file = path.join(root, "idac.sarif");
    const out = captureOutput();
    expect(await runValidate({ catalog: root, format: "human", sarif: file, today: TODAY }, out.out)).toBe(0);
    expect((JSON.parse(await readFile(file, "utf8")) as SarifLog).runs[0]!.results.length).toBeGreaterThan(0);
    expect(out.stderr()).toMatch(/controls: MS\.AAD\.3\.1/);
    await mkdir(path.join(root, "broken"), { recursive: true });
    await writeFile(path.join(root, "roles/broken.yaml"), "groups: [\n");
    const bad = captureOutput();
    await writeFile(file, "previous");
    expect(await runValidate({ catalog: root, format: "human", sarif: file, today: TODAY }, bad.out)).toBe(2);
    expect(bad.stderr()).toContain("was not written: the catalog is invalid");
    expect(await readFile(file, "utf8")).toBe("previous");
  });
});
