import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { accessReviewBody, accessReviewFromGraph, normalizeScopeQuery, type AccessReviewLookups } from "../../../src/model/graph/access-review";
import { AccessReviewDefinition } from "../../../src/schema/catalog";

const FIXTURES = path.resolve(__dirname, "../../fixtures/graph/governance");
const fixture = async (name: string) => JSON.parse(await readFile(path.join(FIXTURES, name), "utf8")) as Record<string, unknown>;

const GROUP = "7b3bd0e2-4b7e-4c59-9e0c-1b2c3d4e5f60";
const ADMIN = "fc9a2c2b-1ddc-486d-a211-5fe8ca77fa1f";
const lookups: AccessReviewLookups = {
  group: (id) => (id === GROUP ? { group: "fin-ap" } : undefined),
  servicePrincipal: () => undefined,
  user: (id) => (id === ADMIN ? "admin@contoso.com" : id),
  catalogGroup: (id) => (id === GROUP ? "fin-ap" : undefined),
};

describe("access review definitions as Microsoft Graph v1.0 bodies", () => {
  it("writes Microsoft's documented group review example exactly", async () => {
    const spec = AccessReviewDefinition.parse({
      id: "ar-test",
      displayName: "Test create",
      description: "New scheduled access review",
      reviewerInstructions: "If you have any questions, contact jerry@contoso.com",
      target: { group: "some-group" },
      frequency: "weekly",
      startsOn: "2020-09-08",
      durationDays: 1,
      reviewers: ["someone@contoso.com"],
      whenNoResponse: "noDecision",
      autoApply: false,
    });
    const body = accessReviewBody(spec, "Test create", {
      target: "02f3bafb-448c-487c-88c2-5fd65ce49a41",
      reviewers: [{ kind: "user", objectId: "398164b1-5196-49dd-ada2-364b49f99b27" }],
      fallbackReviewers: [],
    });
    expect(body).toEqual(await fixture("access-review-group.request.json"));
  });

  it("writes a guest-only scope in the form Graph returns it, so reading it back shows no change", async () => {
    const response = await fixture("access-review-guests.response.json");
    const imported = accessReviewFromGraph(response, lookups);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const spec = AccessReviewDefinition.parse({ id: "ar-fin-ap-guests", ...imported.spec });
    const body = accessReviewBody(spec, spec.displayName, { target: GROUP, reviewers: [], fallbackReviewers: [ADMIN] });
    expect((body.scope as { query: string }).query).toBe((response.scope as { query: string }).query);
  });

  it("reads Graph's definition back into the catalog entry it came from (round trip)", async () => {
    const imported = accessReviewFromGraph(await fixture("access-review-guests.response.json"), lookups);
    expect(imported).toEqual({
      ok: true,
      spec: {
        displayName: "Quarterly guest review of Finance AP",
        description: "Guests in accounts payable are reviewed every quarter.",
        target: { group: "fin-ap" },
        guestsOnly: true,
        frequency: "quarterly",
        startsOn: "2027-01-04",
        durationDays: 14,
        reviewers: "owners",
        fallbackReviewers: ["admin@contoso.com"],
        whenNoResponse: "removeAccess",
        autoApply: true,
        justificationRequired: true,
        recommendations: true,
      },
    });
  });

  it.each([
    ["stageSettings", { stageSettings: [{ stageId: "1" }] }],
    ["instanceEnumerationScope", { instanceEnumerationScope: { query: "/groups", queryType: "MicrosoftGraph" } }],
    ["scope.query", { scope: { "@odata.type": "#microsoft.graph.accessReviewQueryScope", query: "/roleManagement/directory/roleDefinitions/x" } }],
    ["settings.recurrence.range.type", { settings: { recurrence: { pattern: { type: "absoluteMonthly", interval: 3 }, range: { type: "numbered" } } } }],
    ["settings.recurrence.pattern", { settings: { recurrence: { pattern: { type: "absoluteMonthly", interval: 2 }, range: { type: "noEnd" } } } }],
  ])("fails when the definition has %s the catalog cannot say, naming the property", async (property, change) => {
    const response = { ...(await fixture("access-review-guests.response.json")), ...change };
    const imported = accessReviewFromGraph(response, lookups);
    expect(imported).toMatchObject({ ok: false, property });
  });

  it("fails when the reviewed group is not in the catalog", async () => {
    const imported = accessReviewFromGraph(await fixture("access-review-guests.response.json"), { ...lookups, group: () => undefined });
    expect(imported).toMatchObject({ ok: false, property: "scope.query" });
  });

  it("treats Graph's $count=true& rewrite of a scope query as the same query", () => {
    expect(normalizeScopeQuery("/groups/x/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')")).toBe(
      normalizeScopeQuery("/groups/x/transitiveMembers/microsoft.graph.user?$filter=(userType eq 'Guest')"),
    );
  });
});
