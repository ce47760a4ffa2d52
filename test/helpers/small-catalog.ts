import { expect } from "vitest";
import { runGuardrails } from "../../src/guardrails/engine";
import type { Finding, Rule } from "../../src/guardrails/types";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { writeCatalog } from "./catalog";

/** A catalog as files: path relative to the catalog root → YAML text. */
export type Files = Readonly<Record<string, string>>;

export const ENVIRONMENT_FILE = "environments/test.yaml";
export const CA_FILE = "policies/ca.yaml";
export const ROLES_FILE = "roles/roles.yaml";
export const PRIVILEGED_FILE = "roles/privileged.yaml";

/**
 * The one environment of a small catalog: two break-glass accounts and a group, the domain example.org. `extra` is
 * appended under the environment (indented by four spaces), e.g. "directorySync: true".
 */
export function environment(extra = "", options: { domains?: boolean } = {}): Files {
  const lines = [
    "environments:",
    "  - id: test",
    "    tenantId: 11111111-1111-1111-1111-111111111111",
    "    breakGlass:",
    "      accounts: [aaaaaaaa-0000-0000-0000-000000000001, aaaaaaaa-0000-0000-0000-000000000002]",
    "      group: aaaaaaaa-0000-0000-0000-0000000000ff",
    ...(options.domains === false ? [] : ["    domains: [example.org]"]),
    "    backend: { type: local }",
    ...extra
      .split("\n")
      .filter(Boolean)
      .map((l) => `    ${l}`),
  ];
  return { [ENVIRONMENT_FILE]: lines.join("\n") + "\n" };
}

/** A small catalog: the environment above plus the files given (a file given for the environment replaces it). */
export function smallCatalog(...parts: Files[]): Files {
  return Object.assign({}, environment(), ...parts) as Files;
}

/** A conditional access file with the policies given (each a YAML list item). */
export function caPolicies(...policies: string[]): Files {
  return { [CA_FILE]: `conditionalAccessPolicies:\n${policies.join("")}` };
}

/**
 * One conditional access policy for all users and all applications, enabled, with the lines given (indented by
 * four spaces) added after the targets; `replace` swaps default lines (users, applications, state) for others.
 */
export function policy(id: string, lines: string, replace: { users?: string; applications?: string; state?: string; displayName?: string } = {}): string {
  const body = [
    `  - id: ${id}`,
    `    displayName: ${replace.displayName ?? "CA001-Global-BaseProtection-AllApps-AnyPlatform-Test"}`,
    `    description: ${id}`,
    `    state: ${replace.state ?? "enabled"}`,
    `    users: ${replace.users ?? "{ include: { all: true } }"}`,
    `    applications: ${replace.applications ?? "{ include: [All] }"}`,
    ...lines
      .split("\n")
      .filter(Boolean)
      .map((l) => `    ${l}`),
  ];
  return body.join("\n") + "\n";
}

/** The 1-based line of the first line of `file` that contains `text`; fails when there is none. */
export function lineOf(files: Files, file: string, text: string): number {
  const content = files[file];
  if (content === undefined) throw new Error(`no file ${file} in the small catalog`);
  const index = content.split("\n").findIndex((l) => l.includes(text));
  if (index < 0) throw new Error(`'${text}' is not in ${file}:\n${content}`);
  return index + 1;
}

/** Loads a small catalog (which must be valid) and returns the findings of one rule. */
export async function findingsOf(rule: Rule, files: Files, options: { base?: Files; today?: string } = {}): Promise<Finding[]> {
  const catalog = await load(files);
  const base = options.base ? await load(options.base) : undefined;
  const { findings } = runGuardrails(catalog, { today: options.today ?? "2026-11-22", rules: [rule], ...(base ? { base } : {}) });
  return findings.filter((f) => f.rule === rule.id);
}

async function load(files: Files) {
  const { catalog, issues } = await loadCatalog(await writeCatalog({ ...files }, { withEnvironment: false }));
  expect(
    issues.filter((i) => i.severity === "error"),
    `the small catalog is not valid:\n${JSON.stringify(issues, null, 1)}\n${Object.entries(files)
      .map(([f, t]) => `--- ${f}\n${t}`)
      .join("\n")}`,
  ).toEqual([]);
  return catalog!;
}
