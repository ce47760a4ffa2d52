import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonical, omit } from "../src/brownfield/compare";
import { caComparable } from "../src/brownfield/concepts/conditional-access";
import { importExport } from "../src/brownfield/import";
import { checkRoundTrip } from "../src/brownfield/round-trip";
import { runImport } from "../src/cli/commands/import";
import { arbitraryExpressiblePolicy, BREAK_GLASS, exportOf, PROVIDER_LIMITS, WORLD } from "./helpers/arbitrary-ca-policy";
import { captureOutput, ENV_YAML } from "./helpers/catalog";
import { providerExpand, terraformResolver } from "./helpers/provider-expand";
import { resources, synthCatalog } from "./helpers/synth";

const RUNS = { numRuns: 300 };
/** A few hundred imports of one policy take a few seconds; the timeout leaves room on a loaded machine. */
const TIMEOUT = 120_000;
const ENVIRONMENT = { breakGlass: BREAK_GLASS, namePrefix: "" };
const ROUND_TRIP = { namePrefix: "", breakGlass: [...BREAK_GLASS.accounts, BREAK_GLASS.group] };

/** Imports one policy (with the objects it points at) and checks it through its concept module. */
function importOne(policy: Record<string, unknown>) {
  const data = exportOf([policy]);
  const result = importExport(data, { environment: ENVIRONMENT });
  const check = checkRoundTrip(result, data, ROUND_TRIP);
  return { result, check };
}

describe("conditional access import (property tests)", () => {
  it(
    "reproduces every policy azuread 3.7.0 can express exactly: Graph → catalog entry → Graph is the identity",
    () => {
      fc.assert(
        fc.property(arbitraryExpressiblePolicy, (policy) => {
          const { result, check } = importOne(policy);
          expect(result.notImported.filter((n) => n.collection === "conditionalAccessPolicies")).toEqual([]);
          expect(check.refused).toEqual([]);
          expect(check.updates.filter((u) => u.collection === "conditionalAccessPolicies")).toEqual([]);
          expect(result.catalog.conditionalAccessPolicies).toHaveLength(1);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "refuses every policy with a property the provider cannot express, naming the property and the provider",
    () => {
      fc.assert(
        fc.property(arbitraryExpressiblePolicy, fc.constantFrom(...PROVIDER_LIMITS), (policy, limit) => {
          const changed = structuredClone(policy);
          limit.inject(changed);
          const { check } = importOne(changed);
          const refused = check.refused.find((n) => n.objectId === changed.id);
          expect(refused, limit.name).toBeDefined();
          expect(refused!.properties).toContainEqual(expect.objectContaining({ path: limit.path, limit: "provider" }));
          expect(refused!.reason).toContain(limit.path);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "synthesizes imported policies to what the provider sends Entra for the same policy (a fixed sample through cdktf)",
    async () => {
      const policies = fc
        .sample(arbitraryExpressiblePolicy, { numRuns: 12, seed: 20_251_202 })
        .map((p, i) => ({ ...p, id: `0000000c-0000-4000-8000-${String(i + 1).padStart(12, "0")}`, displayName: `${String(p.displayName)} ${i + 1}` }));
      const exportDir = await mkdtemp(path.join(tmpdir(), "idac-ca-sample-"));
      for (const [name, items] of Object.entries({ ...WORLD, conditionalAccessPolicies: policies }))
        await writeFile(path.join(exportDir, `${name}.json`), JSON.stringify({ value: items }));
      const catalog = await mkdtemp(path.join(tmpdir(), "idac-ca-sample-catalog-"));
      await mkdir(path.join(catalog, "environments"));
      await writeFile(path.join(catalog, "environments/test.yaml"), ENV_YAML);
      const cap = captureOutput();
      await runImport({ from: exportDir, out: catalog, format: "json" }, cap.out);
      const report = JSON.parse(cap.stdout()) as { imported: { conditionalAccessPolicies: number }; notImported: unknown[] };
      expect(report.imported.conditionalAccessPolicies).toBe(policies.length);

      const stacks = await synthCatalog(catalog);
      const users = new Map(WORLD.users.map((u) => [u.userPrincipalName.toLowerCase(), u.id]));
      const sps = new Map(WORLD.servicePrincipals.map((s) => [s.appId.toLowerCase(), s.id]));
      const resolve = terraformResolver(stacks, {
        userId: (upn) => users.get(upn.toLowerCase())!,
        servicePrincipalId: (clientId) => sps.get(clientId.toLowerCase())!,
      });
      const synthesized = Object.values(resources(stacks, "azuread_conditional_access_policy"));
      expect(synthesized).toHaveLength(policies.length);
      const comparable = (p: Record<string, unknown>) =>
        canonical(omit(caComparable(p), ["id", "description", "templateId", "createdDateTime", "modifiedDateTime"]), new Map(), "");
      for (const policy of policies) {
        const resource = synthesized.find((r) => r.display_name === policy.displayName)!;
        expect(comparable(providerExpand(resource, resolve)), String(policy.displayName)).toEqual(comparable(policy));
      }
    },
    TIMEOUT,
  );
});
