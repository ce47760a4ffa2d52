import { describe, expect, it } from "vitest";
import { findDirectoryRole, HIGHLY_PRIVILEGED_ROLE_NAMES } from "../../src/model/directory-roles";
import { DIRECTORY_ROLES } from "../../src/model/directory-role-table";

describe("directory role table", () => {
  it.each([
    ["Global Administrator", "62e90394-69f5-4237-9190-012177145e10", true],
    ["Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814", true],
    ["User Administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1", true],
    ["Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8", true],
    ["Application Administrator", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", true],
    ["Hybrid Identity Administrator", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", true],
    ["Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de", false],
    ["Directory Readers", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", false],
  ])("knows %s", (name, templateId, privileged) => {
    expect(findDirectoryRole(name).role).toMatchObject({ name, templateId, privileged });
  });

  it("has unique names and template IDs in lower-case GUID form", () => {
    expect(DIRECTORY_ROLES.length).toBeGreaterThan(100);
    expect(new Set(DIRECTORY_ROLES.map((r) => r.name.toLowerCase())).size).toBe(DIRECTORY_ROLES.length);
    expect(new Set(DIRECTORY_ROLES.map((r) => r.templateId)).size).toBe(DIRECTORY_ROLES.length);
    for (const r of DIRECTORY_ROLES) expect(r.templateId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("contains every role ScubaGear lists as highly privileged", () => {
    for (const name of HIGHLY_PRIVILEGED_ROLE_NAMES) expect(findDirectoryRole(name).role?.highlyPrivileged, name).toBe(true);
    expect(findDirectoryRole("Security Reader").role?.highlyPrivileged).toBe(false);
  });

  it("suggests the closest role for a misspelt name", () => {
    expect(findDirectoryRole("Global Admin")).toEqual({ suggestion: "Global Administrator" });
    expect(findDirectoryRole("Helpdesk Adminstrator")).toEqual({ suggestion: "Helpdesk Administrator" });
  });
});
