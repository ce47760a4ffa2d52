import { describe, expect, it } from "vitest";
import { directoryRoleName, findDirectoryRole, HIGHLY_PRIVILEGED_ROLE_NAMES, ROLE_TABLE_VERSION } from "../../src/model/directory-roles";
import { DIRECTORY_ROLE_TABLE_SOURCE, DIRECTORY_ROLES, FORMER_DIRECTORY_ROLE_NAMES } from "../../src/model/directory-role-table";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("directory role table", () => {
  // Template IDs from Microsoft's "Microsoft Entra built-in roles" reference; Entra Backup Administrator was published
  // in March 2026 ("What's new in Microsoft Entra RBAC"), after the reference's copy the table is generated from.
  it.each([
    ["Global Administrator", "62e90394-69f5-4237-9190-012177145e10", true],
    ["Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814", true],
    ["User Administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1", true],
    ["Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8", true],
    ["Application Administrator", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", true],
    ["Hybrid Identity Administrator", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", true],
    ["Entra Backup Administrator", "b6a27b2b-f905-4b2e-81b5-0d90e0ef1fdb", false],
    ["Microsoft 365 Backup Administrator", "1707125e-0aa2-4d4d-8655-a7c786c76a25", false],
    ["Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de", false],
    ["Directory Readers", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", false],
  ])("knows %s by name and by template ID %s", (name, templateId, privileged) => {
    expect(findDirectoryRole(name).role).toMatchObject({ name, templateId, privileged });
    expect(findDirectoryRole(templateId).role).toBe(findDirectoryRole(name).role);
    expect(findDirectoryRole(templateId.toUpperCase())).toMatchObject({ role: { name }, matched: "templateId" });
  });

  it("has a GUID template ID and a unique name for every role", () => {
    expect(DIRECTORY_ROLES.length).toBeGreaterThan(120);
    expect(new Set(DIRECTORY_ROLES.map((r) => r.name.toLowerCase())).size).toBe(DIRECTORY_ROLES.length);
    expect(new Set(DIRECTORY_ROLES.map((r) => r.templateId)).size).toBe(DIRECTORY_ROLES.length);
    for (const r of DIRECTORY_ROLES) expect(r.templateId, r.name).toMatch(GUID);
  });

  it("names its source: Microsoft's list of 2026-01-20 and the roles published since", () => {
    expect(DIRECTORY_ROLE_TABLE_SOURCE.date).toBe("2026-01-20");
    expect(DIRECTORY_ROLE_TABLE_SOURCE.publishedSince).toEqual([
      "Authentication Extensibility Password Administrator",
      "Entra Backup Administrator",
      "Entra Backup Reader",
      "Teams External Collaboration Administrator",
    ]);
    expect(ROLE_TABLE_VERSION).toBe("this version of idac's role table (Microsoft Entra built-in roles of 2026-01-20, and 4 roles published since)");
  });

  it("has former names that stand for a role of the table and are no current role's name", () => {
    const names = new Set(DIRECTORY_ROLES.map((r) => r.name.toLowerCase()));
    for (const f of FORMER_DIRECTORY_ROLE_NAMES) {
      expect(names.has(f.name.toLowerCase()), f.name).toBe(false);
      expect(
        DIRECTORY_ROLES.some((r) => r.templateId === f.templateId),
        f.name,
      ).toBe(true);
    }
  });

  it("contains every role ScubaGear lists as highly privileged", () => {
    for (const name of HIGHLY_PRIVILEGED_ROLE_NAMES) expect(findDirectoryRole(name).role?.highlyPrivileged, name).toBe(true);
    expect(findDirectoryRole("Security Reader").role?.highlyPrivileged).toBe(false);
  });
});

describe("findDirectoryRole", () => {
  it("matches names whatever their case and surrounding spaces", () => {
    expect(findDirectoryRole("  global ADMINISTRATOR ")).toMatchObject({ role: { templateId: "62e90394-69f5-4237-9190-012177145e10" }, matched: "name" });
  });

  it.each([
    ["Company Administrator", "Global Administrator"],
    ["user account administrator", "User Administrator"],
    ["Azure AD Joined Device Local Administrator", "Microsoft Entra Joined Device Local Administrator"],
    ["Power BI Administrator", "Fabric Administrator"],
  ])("resolves the former name %s to %s", (former, current) => {
    expect(findDirectoryRole(former)).toMatchObject({ role: { name: current }, matched: "formerName" });
    expect(directoryRoleName(former)).toBe(current);
  });

  it("marks a GUID no role has as an unknown template ID, without a suggestion", () => {
    expect(findDirectoryRole("00000000-0000-0000-0000-0000000000aa")).toEqual({ unknownTemplateId: true });
  });

  it("suggests the closest role for a misspelt or shortened name", () => {
    expect(findDirectoryRole("Global Admin")).toEqual({ suggestions: ["Global Administrator"] });
    expect(findDirectoryRole("Helpdesk Adminstrator")).toEqual({ suggestions: ["Helpdesk Administrator"] });
  });

  it("suggests every role whose name contains an incomplete name, when there are a few", () => {
    expect(findDirectoryRole("backup administrator")).toEqual({
      suggestions: ["Entra Backup Administrator", "Exchange Backup Administrator", "Microsoft 365 Backup Administrator", "SharePoint Backup Administrator"],
    });
    expect(findDirectoryRole("Reader").suggestions).toBeUndefined();
  });

  it("gives the current name for a template ID or former name, and keeps a name as written", () => {
    expect(directoryRoleName("B6A27B2B-F905-4B2E-81B5-0D90E0EF1FDB")).toBe("Entra Backup Administrator");
    expect(directoryRoleName("global administrator")).toBe("global administrator");
    expect(directoryRoleName("Tenant Owner")).toBe("Tenant Owner");
  });
});
