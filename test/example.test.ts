import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalogFiles } from "../src/load/load";
import type { Catalog } from "../src/model/model";
import { loadCatalog } from "../src/resolve/load-catalog";
import { catalogJsonSchemaText } from "../src/schema/json-schema";
import { synthesizeInto } from "../src/stacks/app";
import { readTree } from "./helpers/catalog";
import { resources, type TfJson } from "./helpers/synth";

const ROOT = path.resolve(__dirname, "..");
let catalog: Catalog;
let tree: Record<string, string>;
const stacks: Record<string, TfJson> = {};

beforeAll(async () => {
  const result = await loadCatalog(ROOT);
  expect(result.issues).toEqual([]);
  catalog = result.catalog!;
  const out = await mkdtemp(path.join(tmpdir(), "idac-example-"));
  synthesizeInto(catalog, out);
  tree = await readTree(out);
  for (const [file, text] of Object.entries(tree)) if (file.endsWith("cdk.tf.json")) stacks[file.split("/")[1]!] = JSON.parse(text) as TfJson;
});

const forEnv = (env: string) => Object.fromEntries(Object.entries(stacks).filter(([name]) => name.startsWith(`${env}-`)));

describe("the bundled example organisation", () => {
  it("is large enough to exercise every concept", () => {
    const requestable = catalog.businessRoles.filter((r) => r.spec.assignment?.type === "request");
    expect(catalog.environments.map((e) => e.id)).toEqual(["dev", "prod"]);
    expect(catalog.businessRoles.length).toBeGreaterThanOrEqual(15);
    expect(catalog.groups.length).toBeGreaterThanOrEqual(30);
    expect(requestable.length).toBeGreaterThanOrEqual(6);
    for (const r of requestable) {
      const a = r.spec.assignment as { approval: object; review?: object };
      expect("stages" in a.approval, r.id).toBe(true);
      expect(a.review, r.id).toBeDefined();
    }
    expect(catalog.privilegedRoles.length).toBeGreaterThanOrEqual(4);
    const ga = catalog.privilegedRoles.find((p) => p.spec.directoryRole === "Global Administrator");
    expect(ga?.spec.activation.approvers?.length).toBeGreaterThan(0);
    expect(catalog.conditionalAccessPolicies.length).toBeGreaterThanOrEqual(10);
    expect(catalog.businessRoles.some((r) => r.spec.assignment?.type === "birthright")).toBe(true);
    expect(catalog.sodRules.length).toBeGreaterThan(0);
  });

  it("synthesizes stacks for both environments", () => {
    for (const env of ["dev", "prod"]) {
      expect(Object.keys(forEnv(env))).toEqual(expect.arrayContaining([`${env}-conditional-access`, `${env}-privileged-access`]));
      expect(Object.keys(forEnv(env)).filter((s) => s.includes("-access-")).length).toBeGreaterThanOrEqual(3);
    }
  });

  it("excludes each environment's break-glass accounts from every conditional access policy", () => {
    for (const env of catalog.environments) {
      const policies = Object.values(resources(forEnv(env.id), "azuread_conditional_access_policy"));
      expect(policies.length).toBe(catalog.conditionalAccessPolicies.length);
      for (const p of policies) {
        const users = (p.conditions as { users: { excluded_users: string[]; excluded_groups?: string[] } }).users;
        for (const account of env.spec.breakGlass.accounts) expect(users.excluded_users).toContain(account.toLowerCase());
        if (env.spec.breakGlass.group) expect(users.excluded_groups).toContain(env.spec.breakGlass.group.toLowerCase());
      }
    }
  });

  it("assigns directory roles only to PIM groups, never to a user, and never touches break-glass accounts", () => {
    const assignments = ["dev", "prod"].flatMap((env) => Object.values(resources(forEnv(env), "azuread_directory_role_assignment")));
    expect(assignments.length).toBe(catalog.privilegedRoles.length * 2);
    for (const a of assignments) expect(String(a.principal_object_id)).toMatch(/^\$\{azuread_group_without_members\.pim__[a-z0-9_]+\.object_id\}$/);
    const text = Object.values(tree).join("\n");
    for (const env of catalog.environments) {
      for (const account of env.spec.breakGlass.accounts) {
        // Break-glass accounts appear only in conditional access exclusions.
        const uses = Object.entries(stacks).flatMap(([name, s]) => (JSON.stringify(s).includes(account.toLowerCase()) ? [name] : []));
        expect(
          uses.every((n) => n.endsWith("-conditional-access")),
          `${account}: ${uses.join(", ")}`,
        ).toBe(true);
      }
    }
    expect(text).not.toMatch(/"azuread_user"\s*:\s*\{\s*"(?!user__)/); // no azuread_user resources, only data sources
    expect(Object.values(stacks).every((s) => s.resource?.azuread_user === undefined)).toBe(true);
  });

  it("uses the environment's prefix and overrides", () => {
    const dev = Object.values(resources(forEnv("dev"), "azuread_group")).map((g) => String(g.display_name));
    expect(dev.every((n) => n.startsWith("DEV-"))).toBe(true);
    const prod = catalog.environments.find((e) => e.id === "prod")!;
    const overridden = Object.keys(prod.spec.overrides?.conditionalAccessPolicies ?? {});
    expect(overridden.length).toBeGreaterThan(0);
    for (const id of overridden) {
      const state = (p: Record<string, unknown> | undefined) => p?.state;
      expect(state(resources(forEnv("prod"), "azuread_conditional_access_policy")[`ca__${id.replace(/-/g, "_")}`])).toBe("enabledForReportingButNotEnforced");
    }
  });

  it("names conditional access policies after Microsoft's CA framework", () => {
    for (const p of catalog.conditionalAccessPolicies)
      expect(p.spec.displayName).toMatch(/^CA\d{3}-[A-Za-z]+-[A-Za-z]+-[A-Za-z0-9]+-[A-Za-z0-9]+-[A-Za-z0-9]+(-.+)?$/);
  });

  it("has catalog files that validate against the committed JSON Schema and reference it", async () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(catalogJsonSchemaText()) as object);
    const { files } = await loadCatalogFiles(ROOT);
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) {
      const text = await readFile(path.join(ROOT, f.file), "utf8");
      expect(text.split("\n")[0], f.file).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schema\/catalog\.schema\.json$/);
      expect(validate(parse(text)), `${f.file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
