import { describe, expect, it } from "vitest";
import { z } from "zod";
import { graphContent, isEmpty, readAsIs } from "../../src/brownfield/private/graph-content";

const Policy = z.looseObject({
  id: z.string(),
  conditions: z.looseObject({ users: z.looseObject({ includeUsers: z.array(z.string()).nullish() }), signInRiskLevels: z.array(z.string()).nullish() }),
  members: z.array(z.looseObject({ id: z.string() })).nullish(),
  strength: readAsIs(z.looseObject({ id: z.string() })).nullish(),
  approvers: z.array(z.looseObject({ "@odata.type": z.string() })).nullish(),
});

describe("the content of a Graph object", () => {
  it.each<[string, Record<string, unknown>, unknown, string[]]>([
    [
      "takes annotations out at every depth, action keys included",
      {
        "@odata.context": "c",
        "@odata.etag": "e",
        "#microsoft.graph.restore": { target: "t" },
        id: "p",
        "members@odata.navigationLink": "l",
        conditions: {
          "@odata.type": "#microsoft.graph.conditionalAccessConditionSet",
          users: { "@odata.type": "#microsoft.graph.conditionalAccessUsers", includeUsers: ["All"], "includeUsers@odata.type": "#Collection(String)" },
        },
      },
      { id: "p", conditions: { users: { includeUsers: ["All"] } } },
      [],
    ],
    [
      "keeps @odata.type where it tells kinds apart (a member that is a group), not on the object itself",
      {
        "@odata.type": "#microsoft.graph.group",
        id: "p",
        conditions: { users: {} },
        members: [
          { "@odata.type": "#microsoft.graph.group", id: "g" },
          { "@odata.type": "#microsoft.graph.directoryObject", id: "u" },
        ],
      },
      { id: "p", conditions: { users: {} }, members: [{ "@odata.type": "#microsoft.graph.group", id: "g" }, { id: "u" }] },
      [],
    ],
    [
      "keeps an @odata.type the schema reads whatever kind it names, so the importer can say it cannot express it",
      { id: "p", conditions: { users: {} }, approvers: [{ "@odata.type": "#microsoft.graph.connectedOrganizationMembers", connectedOrganizationId: "c" }] },
      { id: "p", conditions: { users: {} }, approvers: [{ "@odata.type": "#microsoft.graph.connectedOrganizationMembers", connectedOrganizationId: "c" }] },
      ["approvers[0].connectedOrganizationId"],
    ],
    [
      "drops properties it does not model that are null or empty, at any depth, and keeps modelled nulls",
      {
        id: "p",
        conditions: { users: { includeUsers: null }, signInRiskLevels: [], devices: { includeDevices: [], deviceFilter: null }, times: null, insider: "" },
      },
      { id: "p", conditions: { users: { includeUsers: null }, signInRiskLevels: [] } },
      [],
    ],
    [
      "names a value object it does not model as a whole, and the set properties of an object of objects or lists",
      {
        id: "p",
        conditions: {
          users: {},
          devices: { includeDevices: [], deviceFilter: { mode: "include", rule: 'device.trustType -eq "ServerAD"' } },
          clientApplications: { includeAgentIdServicePrincipals: ["All"], servicePrincipalFilter: null },
          agentIdRiskLevels: "high",
        },
      },
      {
        id: "p",
        conditions: {
          users: {},
          devices: { deviceFilter: { mode: "include", rule: 'device.trustType -eq "ServerAD"' } },
          clientApplications: { includeAgentIdServicePrincipals: ["All"] },
          agentIdRiskLevels: "high",
        },
      },
      ["conditions.agentIdRiskLevels", "conditions.clientApplications.includeAgentIdServicePrincipals", "conditions.devices.deviceFilter"],
    ],
    [
      "names items of lists by index, and counts false as set",
      { id: "p", conditions: { users: {} }, members: [{ id: "g", isManagementRestricted: false }] },
      { id: "p", conditions: { users: {} }, members: [{ id: "g", isManagementRestricted: false }] },
      ["members[0].isManagementRestricted"],
    ],
    [
      "reads a part marked as read as it is without naming what it does not declare",
      {
        id: "p",
        conditions: { users: {} },
        strength: { "@odata.type": "#microsoft.graph.authenticationStrengthPolicy", id: "s", allowedCombinations: ["fido2"], combinationConfigurations: [] },
      },
      { id: "p", conditions: { users: {} }, strength: { id: "s", allowedCombinations: ["fido2"] } },
      [],
    ],
  ])("%s", (_, input, value, unmodelled) => {
    const before = JSON.stringify(input);
    expect(graphContent(input, Policy)).toEqual({ value, unmodelled });
    expect(JSON.stringify(input)).toBe(before);
  });

  it.each<[unknown, boolean]>([
    [null, true],
    ["", true],
    [[], true],
    [{}, true],
    [{ a: null, b: [{}] }, true],
    [false, false],
    [0, false],
    [[null, "x"], false],
  ])("counts %j as empty: %s", (value, empty) => {
    expect(isEmpty(value)).toBe(empty);
  });
});
