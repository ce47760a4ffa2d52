import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runAccess, runJml } from "../../src/cli/commands/people";
import { runReport } from "../../src/cli/commands/report";
import { runSod } from "../../src/cli/commands/sod";
import { captureOutput } from "../helpers/catalog";

const people = "people/synthetic-hr-snapshot.csv";
const today = "2026-12-01";

/** The text block after `<!-- output: <label> -->` in docs/people.md. */
async function documented(label: string): Promise<string> {
  const doc = await readFile("docs/people.md", "utf8");
  const at = doc.indexOf(`<!-- output: ${label} -->`);
  if (at < 0) throw new Error(`docs/people.md has no output marked '${label}'`);
  const start = doc.indexOf("```text\n", at) + "```text\n".length;
  return doc.slice(start, doc.indexOf("\n```", start)) + "\n";
}

async function run(f: (out: ReturnType<typeof captureOutput>["out"]) => Promise<number>): Promise<string> {
  const c = captureOutput();
  expect(await f(c.out)).toBe(0);
  return c.stdout();
}

const lastLines = (text: string, n: number) => text.trimEnd().split("\n").slice(-n).join("\n") + "\n";

describe("docs/people.md shows exactly what the commands print on the example", () => {
  it("access", async () => {
    expect(lastLines(await run((out) => runAccess({ catalog: ".", upn: "paolo.ricci@meridian.org", people, format: "human" }, out)), 2)).toBe(
      await documented("access paolo.ricci@meridian.org (last 2 lines)"),
    );
  });

  it("the mover", async () => {
    expect(
      await run((out) =>
        runJml(
          {
            catalog: ".",
            kind: "move",
            upn: "maria.santos@meridian.org",
            set: ["department=Programmes", "jobTitle=Programme Officer"],
            people,
            today,
            format: "human",
          },
          out,
        ),
      ),
    ).toBe(await documented('jml move maria.santos@meridian.org --set department=Programmes --set "jobTitle=Programme Officer"'));
  });

  it("the leaver", async () => {
    expect(await run((out) => runJml({ catalog: ".", kind: "leave", upn: "omar.haddad@meridian.org", set: [], people, today, format: "human" }, out))).toBe(
      await documented("jml leave omar.haddad@meridian.org"),
    );
  });

  it("leavers with residual access", async () => {
    expect(lastLines(await run((out) => runReport({ catalog: ".", kind: "leavers-residual-access", format: "md", people, today }, out)), 5)).toBe(
      await documented("report leavers-residual-access (table)"),
    );
  });

  it("the SoD conflict", async () => {
    const out = await run((o) => runSod({ catalog: ".", format: "md", people }, o));
    expect(out.slice(out.indexOf("## People holding"))).toBe(await documented("sod --people (people section)"));
  });
});
