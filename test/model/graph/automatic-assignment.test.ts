import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { automaticAssignmentBody, automaticAssignmentFromGraph } from "../../../src/model/graph/automatic-assignment";

const FIXTURES = path.resolve(__dirname, "../../fixtures/graph/governance");

describe("automatic assignment policies as Microsoft Graph v1.0 bodies", () => {
  it("has the shape of Microsoft's documented automatic assignment policy, with the dynamic-group rule", async () => {
    const doc = JSON.parse(await readFile(path.join(FIXTURES, "automatic-assignment-policy.request.json"), "utf8")) as Record<string, unknown>;
    const body = automaticAssignmentBody("Sales", { when: { department: "Sales" }, gracePeriodDays: 7 }, "8a36831e-1527-4b2b-aff2-81259a8d8e76");
    expect(Object.keys(body).sort()).toEqual(Object.keys(doc).sort());
    expect(body.allowedTargetScope).toBe(doc.allowedTargetScope);
    expect(body.automaticRequestSettings).toEqual(doc.automaticRequestSettings);
    expect(body.accessPackage).toEqual(doc.accessPackage);
    const target = (body.specificAllowedTargets as Record<string, string>[])[0]!;
    expect(target["@odata.type"]).toBe("#microsoft.graph.attributeRuleMembers");
    // idac's rule always requires an enabled account, as its dynamic groups do.
    expect(target.membershipRule).toBe('(user.accountEnabled -eq true) -and (user.department -eq "Sales")');
  });

  it("reads the policy back into the catalog's autoAssign (round trip)", () => {
    const auto = { when: { department: "Sales", employeeType: ["Contractor", "Staff"] }, gracePeriodDays: 0 };
    const body = automaticAssignmentBody("Sales", auto, "x");
    expect(automaticAssignmentFromGraph(body)).toEqual({ ok: true, autoAssign: auto });
  });

  it("fails when the policy's rule does not require an enabled account, naming the property", async () => {
    const doc = JSON.parse(await readFile(path.join(FIXTURES, "automatic-assignment-policy.request.json"), "utf8")) as Record<string, unknown>;
    expect(automaticAssignmentFromGraph(doc)).toMatchObject({ ok: false, property: "specificAllowedTargets[0].membershipRule" });
  });

  it("fails when access stays after people stop matching", () => {
    const body = automaticAssignmentBody("Sales", { when: { department: "Sales" }, gracePeriodDays: 7 }, "x");
    const kept = { ...body, automaticRequestSettings: { ...(body.automaticRequestSettings as object), removeAccessWhenTargetLeavesAllowedTargets: false } };
    expect(automaticAssignmentFromGraph(kept)).toMatchObject({ ok: false, property: "automaticRequestSettings.removeAccessWhenTargetLeavesAllowedTargets" });
  });
});
