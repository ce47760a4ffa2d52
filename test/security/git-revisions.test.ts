import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildCli } from "../../src/cli/cli";
import { runChangelog, runDiff } from "../../src/cli/commands/changelog";
import { runCoverage } from "../../src/cli/commands/coverage";
import { runReport } from "../../src/cli/commands/report";
import { runStacks } from "../../src/cli/commands/stacks";
import { runSynth } from "../../src/cli/commands/synth";
import { runValidate } from "../../src/cli/commands/validate";
import type { Output } from "../../src/cli/render";
import { isCalendarDate } from "../../src/load/git";
import { captureOutput, writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";

const TODAY = "2026-11-22";

/** A committed catalog: branch main with two commits (the first tagged v1). */
let repo: string;
/** A file an option smuggled into git would create; it must never exist. */
let sentinel: string;
/** An output folder a refused command must not create. */
let out: string;
let head: string;

beforeAll(async () => {
  repo = await writeCatalog(SMALL_CATALOG);
  const scratch = await mkdtemp(path.join(tmpdir(), "idac-refs-"));
  sentinel = path.join(scratch, "written-by-git");
  out = path.join(scratch, "out");
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", repo, "-c", "user.name=T", "-c", "user.email=t@example.org", ...args], { stdio: "pipe" })
      .toString()
      .trim();
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-qm", "catalog");
  git("tag", "v1");
  await writeFile(path.join(repo, "roles/finance.yaml"), SMALL_CATALOG["roles/finance.yaml"]!.replace("Accounts payable", "Accounts payable team"));
  git("commit", "-qam", "describe the team");
  head = git("rev-parse", "HEAD");
});

type Run = (o: Output) => Promise<number>;

describe("git revisions named on the command line", () => {
  it.each<[string, () => Run, RegExp]>([
    [
      "refuses validate --base that is an option (--upload-pack=…), not a revision",
      () => (o) => runValidate({ catalog: repo, format: "human", base: `--upload-pack=touch ${sentinel}`, today: TODAY }, o),
      /CATALOG_BASE_UNRESOLVABLE[\s\S]*"--upload-pack=touch .*" is not a git revision: names starting with '-' are refused/,
    ],
    [
      "refuses synth --base that is an option, and writes nothing",
      () => (o) => runSynth({ catalog: repo, out, format: "human", base: `--output=${sentinel}` }, o),
      /"--output=.*" is not a git revision[\s\S]*Nothing was written to/,
    ],
    [
      "refuses validate --base naming no revision, suggesting the close branch",
      () => (o) => runValidate({ catalog: repo, format: "human", base: "mian", today: TODAY }, o),
      /error CATALOG_BASE_UNRESOLVABLE at \(catalog\)\n\s+"mian" is not a commit, branch or tag of the git repository at .*\. Did you mean "main"\?/,
    ],
    [
      "refuses synth --base naming no revision, suggesting with the suffix kept, and writes nothing",
      () => (o) => runSynth({ catalog: repo, out, format: "human", base: "mian~1" }, o),
      /"mian~1" is not a commit, branch or tag .* Did you mean "main~1"\?/,
    ],
    [
      "refuses stacks --changed --base that is an option",
      () => (o) => runStacks({ catalog: repo, format: "json", changedSince: `--upload-pack=touch ${sentinel}` }, o),
      /^--base: "--upload-pack=touch .*" is not a git revision: names starting with '-' are refused/,
    ],
    [
      "refuses stacks --changed --base naming a branch that was not fetched, instead of listing every stack",
      () => (o) => runStacks({ catalog: repo, format: "json", changedSince: "origin/main" }, o),
      /^--base: "origin\/main" is not a commit, branch or tag .*\. In CI, fetch the branch first/,
    ],
    [
      "refuses coverage --base naming no revision",
      () => (o) => runCoverage({ catalog: repo, format: "md", base: "release" }, o),
      /^--base: "release" is not a commit, branch or tag/,
    ],
    [
      "refuses report --at that is an option",
      () => (o) => runReport({ catalog: repo, kind: "all", format: "md", at: `--output=${sentinel}`, today: TODAY }, o),
      /^--at: "--output=.*" is not a git revision/,
    ],
    [
      "refuses report --at naming no revision, suggesting the close tag, and writes no --out folder",
      () => (o) => runReport({ catalog: repo, kind: "all", format: "md", at: "v2", out, today: TODAY }, o),
      /^--at: "v2" is not a commit, branch or tag .* Did you mean "v1"\?/,
    ],
    [
      "refuses diff with a revision that does not exist, instead of printing 'No change of access'",
      () => (o) => runDiff({ catalog: repo, from: "HEAD", to: "does-not-exist", format: "md" }, o),
      /^<to>: "does-not-exist" is not a commit, branch or tag/,
    ],
    [
      "refuses diff with an option as its first revision",
      () => (o) => runDiff({ catalog: repo, from: `--output=${sentinel}`, to: "HEAD", format: "json" }, o),
      /^<from>: "--output=.*" is not a git revision/,
    ],
    [
      "refuses changelog --since '--output=FILE', which would make git write the file",
      () => (o) => runChangelog({ catalog: repo, since: `--output=${sentinel}`, format: "md" }, o),
      /^--since: "--output=.*" is not a git revision/,
    ],
    [
      "refuses changelog --since with an impossible date",
      () => (o) => runChangelog({ catalog: repo, since: "2026-02-30", format: "md" }, o),
      /^--since: "2026-02-30" is neither a real date \(YYYY-MM-DD, or ISO 8601/,
    ],
    [
      "refuses changelog --until that is neither a date nor a revision",
      () => (o) => runChangelog({ catalog: repo, until: "last tuesday", format: "json" }, o),
      /^--until: "last tuesday" is not a commit, branch or tag/,
    ],
    [
      "refuses a revision holding terminal control characters, printing them escaped",
      () => (o) => runReport({ catalog: repo, kind: "all", format: "md", at: "main\u001b]0;owned\u0007", today: TODAY }, o),
      /^--at: "main\\u001b\]0;owned\\u0007" is not a commit/,
    ],
  ])("%s", async (_label, command, message) => {
    const cap = captureOutput();
    expect(await command()(cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(message);
    expect(cap.stdout()).toBe("");
    expect(existsSync(sentinel)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it("fails when an explicit --base HEAD is given outside a git repository, and warns for the default one", async () => {
    const plain = await writeCatalog(SMALL_CATALOG);
    const explicit = captureOutput();
    expect(await runValidate({ catalog: plain, format: "human", base: "HEAD", today: TODAY }, explicit.out)).toBe(2);
    expect(explicit.stderr()).toMatch(/error CATALOG_BASE_UNRESOLVABLE at \(catalog\)\n\s+"HEAD" cannot be resolved: .* is not in a git repository/);
    const byDefault = captureOutput();
    expect(await runValidate({ catalog: plain, format: "human", base: "HEAD", defaultBase: true, today: TODAY }, byDefault.out)).toBe(1);
    expect(byDefault.stderr()).toMatch(
      /warning CATALOG_BASE_NOT_CHECKED at \(catalog\)\n\s+Changes that replace objects were not checked against a base: "HEAD" cannot be resolved/,
    );
    execFileSync("git", ["-C", plain, "init", "-q"]);
    const unborn = captureOutput();
    expect(await runValidate({ catalog: plain, format: "human", base: "HEAD", defaultBase: true, today: TODAY }, unborn.out)).toBe(1);
    expect(unborn.stderr()).toMatch(/warning CATALOG_BASE_NOT_CHECKED[\s\S]*has no commit yet/);
  });

  it("treats only the command line's default --base as the tolerant default", async () => {
    const plain = await writeCatalog(SMALL_CATALOG);
    const codes: number[] = [];
    const quiet = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      for (const args of [["validate"], ["validate", "--base", "HEAD"], ["validate", "--no-base"]]) {
        await buildCli((c) => codes.push(c)).parseAsync(["node", "idac", ...args, "--catalog", plain]);
      }
    } finally {
      quiet.mockRestore();
    }
    expect(codes).toEqual([1, 2, 1]);
  });

  it("passes the commit ID, not the text, to what follows (report --at main is stamped with the full commit)", async () => {
    const cap = captureOutput();
    expect(await runReport({ catalog: repo, kind: "access-matrix", format: "json", at: "main", today: TODAY }, cap.out)).toBe(0);
    expect(JSON.parse(cap.stdout()).commit).toBe(head);
    const diff = captureOutput();
    expect(await runDiff({ catalog: repo, from: "v1", to: "main", format: "json" }, diff.out)).toBe(0);
    expect(JSON.parse(diff.stdout())).toMatchObject({ from: "v1", to: "main", toCommit: head });
  });

  it("accepts real dates for changelog --since and --until, as YYYY-MM-DD and ISO 8601", async () => {
    const cap = captureOutput();
    expect(await runChangelog({ catalog: repo, since: "2000-01-01", until: "2099-12-31T23:59:59+01:00", format: "json" }, cap.out)).toBe(0);
    expect((JSON.parse(cap.stdout()) as unknown[]).length).toBe(2);
    expect(await readdir(repo)).not.toContain("--output");
  });

  it.each([
    ["2026-03-01", true],
    ["2024-02-29", true],
    ["2026-03-01T09:00:00Z", true],
    ["2026-03-01T09:00:00.123+05:30", true],
    ["2026-03-01T09:00", true],
    ["2025-02-29", false],
    ["2999-12-31", false],
    ["2026-13-01", false],
    ["2026-04-31", false],
    ["2026-03-01T24:00:00Z", false],
    ["2026-03-01T09:00:00+15:00", false],
    ["2026-03-01; rm -rf /", false],
    ["2026-03-01 yesterday", false],
    ["20260301", false],
  ])("reads %s as a real date: %s", (text, valid) => {
    expect(isCalendarDate(text)).toBe(valid);
  });
});
