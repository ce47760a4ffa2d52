import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryCatalog, type GeneratedCatalog } from "../helpers/arbitrary-catalog";
import { stacksOf, synthFiles as synth } from "../helpers/synth";

const RUNS = { numRuns: 200 };
/** 200 synthesized catalogs take 20-60 s on a loaded 2-core machine: the timeout leaves several times that. */
const TIMEOUT = 300_000;
const BREAK_GLASS = ["aaaaaaaa-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000002"];

const addresses = (tree: Record<string, string>) =>
  Object.entries(stacksOf(tree))
    .flatMap(([s, j]) => Object.entries(j.resource ?? {}).flatMap(([type, ids]) => Object.keys(ids).map((id) => `${s}:${type}.${id}`)))
    .sort();

describe("generated catalogs keep their addresses, break-glass exclusions and references (property tests)", () => {
  it(
    "keep every Terraform address when display names change",
    async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryCatalog, async (c: GeneratedCatalog) => {
          const renamed = Object.fromEntries(Object.entries(c.files).map(([f, t]) => [f, t.replace(/displayName: (.+)/g, "displayName: Renamed $1")]));
          expect(addresses(await synth(renamed))).toEqual(addresses(await synth(c.files)));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "exclude the break-glass accounts and group from every policy that is not disabled",
    async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryCatalog, async (c) => {
          const policies = Object.values(stacksOf(await synth(c.files))).flatMap((j) => Object.values(j.resource?.azuread_conditional_access_policy ?? {}));
          expect(policies.length).toBe(c.entries.filter((e) => e.section === "conditionalAccessPolicies").length);
          for (const p of policies) {
            if (p.state === "disabled") continue;
            const users = (p.conditions as { users: { excluded_users: string[]; excluded_groups: string[] } }).users;
            expect(users.excluded_users).toEqual(expect.arrayContaining(BREAK_GLASS));
            expect(users.excluded_groups).toContain("aaaaaaaa-0000-0000-0000-0000000000ff");
          }
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "never reference an address that does not exist",
    async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryCatalog, async (c) => {
          const stacks = stacksOf(await synth(c.files));
          for (const [name, json] of Object.entries(stacks)) {
            const text = JSON.stringify({ resource: json.resource, data: json.data, output: json.output });
            for (const [, ref] of text.matchAll(/\$\{([^}]+)\}/g)) {
              const parts = ref!.split(".");
              if (parts[0] === "terraform") continue;
              if (parts[0] === "data" && parts[1] === "terraform_remote_state") {
                const state = json.data?.terraform_remote_state?.[parts[2]!];
                expect(state, `${name}: ${ref}`).toBeDefined();
                const source = String((state!.config as { path: string }).path).match(/\.idac-state\/(.+)\.tfstate$/)![1]!;
                expect(stacks[source]?.output?.[parts[4]!], `${name}: ${ref} (output of ${source})`).toBeDefined();
              } else if (parts[0] === "data") {
                expect(json.data?.[parts[1]!]?.[parts[2]!], `${name}: ${ref}`).toBeDefined();
              } else {
                expect(json.resource?.[parts[0]!]?.[parts[1]!], `${name}: ${ref}`).toBeDefined();
              }
            }
          }
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );
});
