import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPermissions } from "../../src/cli/commands/permissions";
import { runStacks } from "../../src/cli/commands/stacks";
import { permissionKeys, permissionsFor } from "../../src/pipeline/permissions";
import { captureOutput } from "../helpers/catalog";

const ROOT = path.resolve(__dirname, "../..");

describe("npx idac permissions", () => {
  it("derives read and write permission sets from the resource types the example uses", async () => {
    const cap = captureOutput();
    expect(await runPermissions({ catalog: ROOT, format: "json" }, cap.out)).toBe(0);
    const set = JSON.parse(cap.stdout()) as ReturnType<typeof permissionsFor>;
    expect(set.unknownTypes).toEqual([]);
    expect(set.apply).toEqual(
      expect.arrayContaining([
        "Group.ReadWrite.All",
        "Policy.ReadWrite.ConditionalAccess",
        "Policy.Read.All",
        "EntitlementManagement.ReadWrite.All",
        "RoleManagement.ReadWrite.Directory",
        "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
        "RoleManagementPolicy.ReadWrite.AzureADGroup",
        "AdministrativeUnit.ReadWrite.All",
        "AppRoleAssignment.ReadWrite.All",
        "User.Read.All",
      ]),
    );
    expect(set.plan.every((p) => !/ReadWrite/.test(p))).toBe(true);
    expect(set.plan).toEqual(
      expect.arrayContaining([
        "Policy.Read.All",
        "EntitlementManagement.Read.All",
        "RoleManagement.Read.Directory",
        "PrivilegedEligibilitySchedule.Read.AzureADGroup",
        "RoleManagementPolicy.Read.AzureADGroup",
        "Group.Read.All",
        "User.Read.All",
      ]),
    );
    // Lifecycle workflows, the authentication methods policy and directory role settings (msgraph, by kind).
    expect(set.apply).toEqual(
      expect.arrayContaining(["LifecycleWorkflows.ReadWrite.All", "Policy.ReadWrite.AuthenticationMethod", "RoleManagementPolicy.ReadWrite.Directory"]),
    );
    expect(set.plan).toEqual(
      expect.arrayContaining(["LifecycleWorkflows.Read.All", "Policy.Read.AuthenticationMethod", "RoleManagementPolicy.Read.Directory"]),
    );
    // Access reviews, incompatible packages and automatic assignment are Graph resources: permissions follow their kind.
    expect(set.apply).toContain("AccessReview.ReadWrite.All");
    expect(set.plan).toContain("AccessReview.Read.All");
    expect(set.reasons.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        "msgraph_resource:accessReview",
        "msgraph_resource:incompatiblePackage",
        "msgraph_resource_collection:incompatibleGroups",
        "msgraph_resource:autoAssignment",
      ]),
    );
    // The example has no active PIM assignments, so that write permission is not asked for.
    expect(set.apply).not.toContain("PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup");
  });

  it("prints the federated credential subjects in Markdown", async () => {
    const cap = captureOutput();
    await runPermissions({ catalog: ROOT, format: "md", repo: "meridian/identity", environment: "production" }, cap.out);
    expect(cap.stdout()).toMatch(/`repo:meridian\/identity:pull_request`/);
    expect(cap.stdout()).toMatch(/`repo:meridian\/identity:environment:production`/);
    expect(cap.stdout()).toContain(
      "`idac export --leave-dates` (users' leave dates, for an HR snapshot read from the export) also needs `User-LifeCycleInfo.Read.All`",
    );
    // What idac export reads beyond the plan's resources: workflows, the methods policy and directory role policies.
    for (const permission of [
      "AccessReview.Read.All",
      "LifecycleWorkflows.Read.All",
      "Policy.Read.AuthenticationMethod",
      "RoleManagementPolicy.Read.Directory",
    ])
      expect(cap.stdout()).toMatch(new RegExp(`idac export\` reads [^\n]*\`${permission.replace(/\./g, "\\.")}\``));
  });
});

describe("permissions of Microsoft Graph resources", () => {
  it("fails to vouch for a Graph resource idac did not name (its permission cannot be known)", () => {
    const keys = permissionKeys({ resource: { msgraph_resource: { access_review__ok: {}, backdoor: {} } } });
    expect(keys).toEqual(["msgraph_resource:accessReview", "msgraph_resource:backdoor"]);
    expect(permissionsFor(keys, { roleAssignableGroups: false }).unknownTypes).toEqual(["msgraph_resource:backdoor"]);
  });
});

describe("npx idac stacks", () => {
  it("lists stacks in the order they are applied, and only the changed ones against a git base", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "idac-stacks-"));
    for (const f of ["environments", "roles", "policies"]) await cp(path.join(ROOT, f), path.join(root, f), { recursive: true });
    const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "base");
    const all = captureOutput();
    await runStacks({ catalog: root, format: "json" }, all.out);
    const names = JSON.parse(all.stdout()) as string[];
    expect(names.slice(0, 2)).toEqual(["dev-directory", "dev-groups"]);
    expect(names.indexOf("dev-conditional-access")).toBeGreaterThan(names.indexOf("dev-privileged-access"));
    const none = captureOutput();
    await runStacks({ catalog: root, format: "json", changedSince: "HEAD" }, none.out);
    expect(JSON.parse(none.stdout())).toEqual([]);
    const file = path.join(root, "policies/conditional-access/guests.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace("Guests never reach Microsoft admin portals", "Guests never reach admin portals"));
    const changed = captureOutput();
    await runStacks({ catalog: root, format: "json", changedSince: "HEAD" }, changed.out);
    expect(JSON.parse(changed.stdout())).toEqual([]); // a description is not synthesized: nothing to plan
    await writeFile(file, (await readFile(file, "utf8")).replace("    grant: { block: true }", "    grant: { controls: [mfa] }"));
    const ca = captureOutput();
    await runStacks({ catalog: root, format: "json", changedSince: "HEAD" }, ca.out);
    expect(JSON.parse(ca.stdout())).toEqual(["dev-conditional-access", "prod-conditional-access"]);
  });
});
