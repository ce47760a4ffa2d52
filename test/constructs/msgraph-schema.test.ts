import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MsgraphResource, MsgraphResourceCollection, MsgraphResourceData, MsgraphUpdateResource } from "../../src/constructs/private/msgraph";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { synthesizeInto } from "../../src/stacks/app";
import type { Extension } from "../../src/stacks/extensions";
import { writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";
import type { TfJson } from "../helpers/synth";

/**
 * The attributes of microsoft/msgraph 0.3.0, read from the provider's documentation at that release
 * (docs/resources/resource.md, update_resource.md, resource_collection.md, data-sources/resource.md) and its
 * CHANGELOG (0.3.0 adds `update_method` to msgraph_resource and msgraph_update_resource). Nothing here can run
 * `terraform validate` against the provider, so synthesized configurations are checked against these facts.
 */
const MSGRAPH_SCHEMA: Record<string, { required: readonly string[]; optional: readonly string[]; enums?: Record<string, readonly string[]> }> = {
  msgraph_resource: {
    required: ["url"],
    optional: [
      "api_version",
      "body",
      "create_query_parameters",
      "delete_query_parameters",
      "ignore_missing_property",
      "read_query_parameters",
      "response_export_values",
      "retry",
      "timeouts",
      "update_method",
      "update_query_parameters",
    ],
    enums: { api_version: ["v1.0", "beta"], update_method: ["PATCH", "PUT"] },
  },
  msgraph_update_resource: {
    required: ["url"],
    optional: [
      "api_version",
      "body",
      "ignore_missing_property",
      "read_query_parameters",
      "response_export_values",
      "retry",
      "timeouts",
      "update_method",
      "update_query_parameters",
    ],
    enums: { api_version: ["v1.0", "beta"], update_method: ["PATCH", "PUT"] },
  },
  msgraph_resource_collection: {
    required: ["url"],
    optional: ["api_version", "read_query_parameters", "reference_ids", "response_export_values", "retry", "skip_destroy", "timeouts"],
    enums: { api_version: ["v1.0", "beta"] },
  },
};
const MSGRAPH_DATA_SCHEMA: Record<string, { required: readonly string[]; optional: readonly string[] }> = {
  msgraph_resource: { required: ["url"], optional: ["api_version", "headers", "query_parameters", "response_export_values", "retry", "timeouts"] },
};
/** Terraform meta-arguments any resource may carry. */
const META = new Set(["depends_on", "count", "for_each", "provider", "lifecycle", "provisioner", "connection", "//"]);

type Found = { stack: string; type: string; id: string; body: Record<string, unknown> };

/** Checks each msgraph resource and data source against the documented schema; returns the problems found. */
function schemaProblems(found: readonly Found[], schema: typeof MSGRAPH_SCHEMA): string[] {
  const problems: string[] = [];
  for (const r of found) {
    const s = schema[r.type];
    if (!s) {
      problems.push(`${r.stack}: ${r.type}.${r.id}: no such type in msgraph 0.3.0`);
      continue;
    }
    for (const attr of s.required) if (r.body[attr] === undefined) problems.push(`${r.type}.${r.id}: missing required ${attr}`);
    for (const attr of Object.keys(r.body))
      if (!s.required.includes(attr) && !s.optional.includes(attr) && !META.has(attr)) problems.push(`${r.type}.${r.id}: unknown attribute ${attr}`);
    for (const [attr, allowed] of Object.entries(s.enums ?? {}))
      if (r.body[attr] !== undefined && !allowed.includes(String(r.body[attr]))) problems.push(`${r.type}.${r.id}: ${attr}=${String(r.body[attr])}`);
  }
  return problems;
}

async function synthWith(extend: Extension): Promise<Record<string, TfJson>> {
  const root = await writeCatalog(SMALL_CATALOG);
  const { catalog } = await loadCatalog(root);
  const out = await mkdtemp(path.join(tmpdir(), "idac-msgraph-"));
  synthesizeInto(catalog!, out, { extend });
  const stacks: Record<string, TfJson> = {};
  for (const stack of await readdir(path.join(out, "stacks")))
    stacks[stack] = JSON.parse(await readFile(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8")) as TfJson;
  return stacks;
}

function collect(stacks: Record<string, TfJson>, kind: "resource" | "data"): Found[] {
  const out: Found[] = [];
  for (const [stack, json] of Object.entries(stacks))
    for (const [type, byId] of Object.entries(json[kind] ?? {}))
      if (type.startsWith("msgraph_")) for (const [id, body] of Object.entries(byId)) out.push({ stack, type, id, body });
  return out;
}

describe("msgraph bindings against the microsoft/msgraph 0.3.0 schema", () => {
  let stacks: Record<string, TfJson>;
  beforeAll(async () => {
    stacks = await synthWith(({ environment, stack }) => {
      const governance = stack(`${environment}-governance`);
      const definition = new MsgraphResource(governance, "access_review__example", {
        url: "identityGovernance/accessReviews/definitions",
        body: { displayName: "Review of ${var.secret} and %{ if true }", settings: { recurrence: { pattern: { type: "absoluteMonthly", interval: 3 } } } },
        responseExportValues: { id: "id" },
        ignoreMissingProperty: true,
      });
      new MsgraphResourceCollection(governance, "incompatible_groups__example", {
        url: `identityGovernance/entitlementManagement/accessPackages/${definition.resourceId}/incompatibleGroups/$ref`,
        referenceIds: ["11111111-1111-1111-1111-111111111111"],
      });
      new MsgraphUpdateResource(governance, "update_example", {
        url: "policies/authenticationMethodsPolicy",
        body: { registrationEnforcement: {} },
        updateMethod: "PATCH",
      });
      new MsgraphResourceData(governance, "read_example", { url: `groups/${definition.output("id")}`, responseExportValues: { id: "id" } });
    });
  });

  it("uses only attributes and values the provider documents, with every required attribute", () => {
    const res = collect(stacks, "resource");
    expect(new Set(res.map((r) => r.type))).toEqual(new Set(["msgraph_resource", "msgraph_resource_collection", "msgraph_update_resource"]));
    expect(schemaProblems(res, MSGRAPH_SCHEMA)).toEqual([]);
    expect(schemaProblems(collect(stacks, "data"), MSGRAPH_DATA_SCHEMA)).toEqual([]);
  });

  it("pins the provider to exactly 0.3.0 next to azuread, only in stacks with msgraph resources", () => {
    const governance = stacks["test-governance"]!;
    const required = (governance.terraform as { required_providers: Record<string, { source: string; version: string }> }).required_providers;
    expect(required.msgraph).toEqual({ source: "microsoft/msgraph", version: "0.3.0" });
    expect(required.azuread?.version).toBe("~> 3.7.0");
    expect(governance.provider?.msgraph).toEqual([{ tenant_id: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
    for (const [name, json] of Object.entries(stacks).filter(([n]) => n !== "test-governance")) {
      expect(json.provider?.msgraph, name).toBeUndefined();
      expect(JSON.stringify(json.terraform), name).not.toContain("msgraph");
    }
  });

  it("escapes Terraform template syntax in body text so catalog text is never evaluated", () => {
    const body = stacks["test-governance"]!.resource!.msgraph_resource!.access_review__example!.body as { displayName: string };
    expect(body.displayName).toBe("Review of $${var.secret} and %%{ if true }");
  });

  it("keeps references to other resources as Terraform references", () => {
    const coll = stacks["test-governance"]!.resource!.msgraph_resource_collection!.incompatible_groups__example!;
    expect(coll.url).toBe("identityGovernance/entitlementManagement/accessPackages/${msgraph_resource.access_review__example.id}/incompatibleGroups/$ref");
    expect(coll.api_version).toBe("v1.0");
  });

  it("holds for the bundled example, which uses every governance concept", async () => {
    const { catalog } = await loadCatalog(path.resolve(__dirname, "../.."));
    const out = await mkdtemp(path.join(tmpdir(), "idac-msgraph-example-"));
    synthesizeInto(catalog!, out);
    const example: Record<string, TfJson> = {};
    for (const stack of await readdir(path.join(out, "stacks")))
      example[stack] = JSON.parse(await readFile(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8")) as TfJson;
    const found = collect(example, "resource");
    expect(new Set(found.map((r) => r.stack))).toEqual(new Set(["dev-governance", "prod-governance"]));
    expect(new Set(found.map((r) => r.id.split("__")[0]))).toEqual(
      new Set(["access_review", "incompatible_package", "incompatible_groups", "auto_assignment", "lifecycle_workflow", "auth_method", "directory_role_rule"]),
    );
    expect(schemaProblems(found, MSGRAPH_SCHEMA)).toEqual([]);
    // Directory role settings find each role's PIM policy with a data source.
    const data = collect(example, "data");
    expect(new Set(data.map((r) => r.id.split("__")[0]))).toEqual(new Set(["directory_role_policy"]));
    expect(schemaProblems(data, MSGRAPH_DATA_SCHEMA)).toEqual([]);
    for (const name of Object.keys(example).filter((n) => !n.endsWith("-governance"))) expect(example[name]!.provider?.msgraph, name).toBeUndefined();
  });

  it("fails when a collection URL is not a $ref collection", async () => {
    await expect(
      synthWith(({ environment, stack }) => {
        new MsgraphResourceCollection(stack(`${environment}-governance`), "bad", { url: "groups/x/members", referenceIds: [] });
      }),
    ).rejects.toThrow(/must end in \/\$ref/);
  });
});
