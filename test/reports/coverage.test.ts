import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENTS, PLATFORMS, type Coverage, type CoverageCell } from "../../src/analysis/conditional-access/coverage";
import { runCoverage } from "../../src/cli/commands/coverage";
import { csvTable, jsonText, mdCell } from "../../src/escape";
import {
  coverageChangesJson,
  coverageChangesMarkdown,
  coverageCsv,
  coverageCsvChunks,
  coverageDiff,
  coverageJson,
  isChanged,
  type CoverageChange,
} from "../../src/reports/coverage";

const EXAMPLE = path.resolve(__dirname, "../..");
const CONTROLS = ["ca010-require-mfa-all-users: mfa", "ca020-compliant-device-admins: compliantDevice OR domainJoinedDevice (the persona's device is neither)"];

/** A matrix the size of a large catalog's in cells, without a catalog: personas × apps × clients × platforms × locations. */
function syntheticCoverage(environment: string, personas: number, apps: number, enforced: (i: number) => CoverageCell["enforced"] = () => "mfa"): Coverage {
  const locations = ["Trusted", "Untrusted", "Elsewhere"];
  const cells: CoverageCell[] = [];
  for (let p = 0; p < personas; p++)
    for (let a = 0; a < apps; a++)
      for (const client of CLIENTS)
        for (const platform of PLATFORMS)
          for (const location of locations) {
            const outcome = enforced(cells.length);
            cells.push({
              persona: `persona-${p}`,
              app: `app-${a}`,
              client,
              platform,
              location,
              enforced: outcome,
              ifReportOnlyEnabled: outcome,
              controls: CONTROLS,
              undecided: [],
            });
          }
  return {
    environment,
    personas: Array.from({ length: personas }, (_, p) => ({ id: `persona-${p}`, displayName: `Persona ${p}`, breakGlass: false, derived: false })),
    apps: Array.from({ length: apps }, (_, a) => `app-${a}`),
    locations: locations.map((id) => ({ id, label: id })),
    cells,
    gaps: [],
    unapplied: [],
  };
}

/** The longest piece, in characters. */
const longest = (pieces: readonly string[]) => Math.max(...pieces.map((p) => p.length));

describe("coverage output in pieces", () => {
  const coverages = [syntheticCoverage("dev", 8, 20), syntheticCoverage("prod", 8, 20)];
  const cells = coverages.reduce((n, c) => n + c.cells.length, 0);

  it("writes the JSON of a large matrix in pieces of about 64 KiB, which join to the JSON of the whole", () => {
    const pieces = [...coverageJson(coverages)];
    const cellText = jsonText(coverages[0]!.cells[0]).length;
    expect(cells).toBeGreaterThan(20_000);
    expect(pieces.length).toBeGreaterThan(cells / 1000);
    expect(longest(pieces)).toBeLessThanOrEqual(65_536 + cellText);
    expect(pieces.join("")).toBe(jsonText(coverages) + "\n");
  });

  it("writes the CSV of a large matrix a thousand rows at a time, with the header once", () => {
    const pieces = [...coverageCsvChunks(coverages)];
    const rows = coverages.flatMap((c) =>
      c.cells.map((x) => [c.environment, x.persona, x.app, x.client, x.platform, x.location, x.enforced, x.ifReportOnlyEnabled, x.controls.join("; ")]),
    );
    expect(pieces).toHaveLength(Math.ceil(cells / 1000));
    expect(pieces.map((p) => p.split("\r\n").length - 1)).toEqual(pieces.map((_, i) => (i === 0 ? 1001 : Math.min(1000, cells - i * 1000))));
    expect(pieces.slice(1).some((p) => p.startsWith("environment,"))).toBe(false);
    const whole = csvTable(["environment", "persona", "application", "client", "platform", "location", "enforced", "if_report_only_enabled", "controls"], rows);
    expect(pieces.join("")).toBe(whole);
    expect(coverageCsv(coverages)).toBe(whole);
  });

  it("writes only the header when there are no cells", () => {
    expect([...coverageCsvChunks([{ ...coverages[0]!, cells: [] }])]).toEqual([
      "environment,persona,application,client,platform,location,enforced,if_report_only_enabled,controls\r\n",
    ]);
  });

  it("writes the changes against a base in pieces too: JSON, Markdown rows and the changed cells' CSV", () => {
    const before = [syntheticCoverage("prod", 8, 20, (i) => (i % 2 ? "none" : "mfa"))];
    const after = [syntheticCoverage("prod", 8, 20)];
    const changed = coverageDiff(before, after);
    expect(changed.length).toBe(after[0]!.cells.length / 2);
    expect(changed.every((d) => d.before === "none" && d.after === "mfa")).toBe(true);

    const json = [...coverageChangesJson("origin/main", changed)];
    expect(json.length).toBeGreaterThan(10);
    expect(json.join("")).toBe(jsonText({ base: "origin/main", changed }) + "\n");

    const md = [...coverageChangesMarkdown("origin/main", changed)];
    const row = (d: CoverageChange) => `| ${[d.environment, d.persona, d.app, d.client, d.platform, d.location, d.before, d.after].map(mdCell).join(" | ")} |`;
    expect(md.join("")).toBe(
      [
        "## Conditional access coverage changes against origin/main",
        "",
        `${changed.length} sign-in outcome(s) change:`,
        "",
        "| Environment | Persona | Application | Client | Platform | Location | Before | After |",
        "|---|---|---|---|---|---|---|---|",
        ...changed.map(row),
      ].join("\n") + "\n",
    );
    expect(longest(md)).toBeLessThanOrEqual(1000 * (Math.max(...changed.map((d) => row(d).length)) + 1));

    const csv = [...coverageCsvChunks(after, isChanged(changed))].join("").split("\r\n");
    expect(csv).toHaveLength(changed.length + 2);
    expect(csv.slice(1, -1).every((line) => line.includes(",mfa,mfa,"))).toBe(true);
    expect(csv[1]!.split(",").slice(1, 6)).toEqual([changed[0]!.persona, changed[0]!.app, changed[0]!.client, changed[0]!.platform, changed[0]!.location]);
  });

  it("says so when nothing changes", () => {
    expect([...coverageChangesMarkdown("HEAD~1", [])].join("")).toBe(
      "## Conditional access coverage changes against HEAD\\~1\n\nNo sign-in outcome changes.\n\n",
    );
  });
});

describe("idac coverage", () => {
  it("hands the JSON of the bundled example to stdout in pieces, waiting for stdout to drain after each", async () => {
    const written: string[] = [];
    const events: string[] = [];
    const out = {
      stdout: (t: string) => void (written.push(t), events.push("write")),
      stderr: (t: string) => void events.push(`stderr ${t}`),
      githubActions: false,
      stdoutDrained: async () => void events.push("drained"),
    };
    await runCoverage({ catalog: EXAMPLE, format: "json" }, out);
    expect(written.length).toBeGreaterThan(10);
    expect(longest(written)).toBeLessThan(70_000);
    expect(events.every((e, i) => e === (i % 2 ? "drained" : "write"))).toBe(true);
    const parsed = JSON.parse(written.join("")) as Coverage[];
    expect(parsed.map((c) => c.environment)).toEqual(["dev", "prod"]);
    expect(parsed[1]!.cells.length).toBeGreaterThan(1000);
  });
});
