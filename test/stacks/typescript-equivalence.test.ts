import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  AccessPackageCatalog,
  AuthenticationStrength,
  BusinessRole,
  ConditionalAccessPolicy,
  NamedLocation,
  PrivilegedRole,
  SecurityGroup,
} from "../../src/constructs/index";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { synthesizeInto, type Extension } from "../../src/stacks/index";
import { runSynth } from "../../src/cli/commands/synth";
import { captureOutput, OWNERS, readTree, writeCatalog } from "../helpers/catalog";

const owners = ["ann.owner@example.org", "bob.owner@example.org"];

/** The same entries as YAML: a business role (with its groups and catalog), a CA policy and a PIM role. */
const YAML: Record<string, string> = {
  "roles/finance.yaml": `domain: finance
accessPackageCatalogs:
  - { id: cat-finance, displayName: Finance, description: Finance access }
groups:
  - id: all-staff
    displayName: All staff
    description: Every enabled staff member
    owners: ${OWNERS}
    membership: { type: dynamic, when: { employeeType: Staff } }
  - id: fin-ap
    displayName: Finance AP
    description: Accounts payable
    owners: ${OWNERS}
    membership: { type: assigned, members: [carol@example.org] }
  - id: ke-files
    displayName: Kenya files
    description: Kenya office file share
    owners: ${OWNERS}
    membership: { type: assigned, managed: false }
businessRoles:
  - id: fin-staff
    displayName: Finance staff
    description: Everyone in Finance
    owners: ${OWNERS}
    entitlements: { groups: [fin-ap] }
    assignment: { type: birthright, when: { department: Finance, employeeType: [Staff, Consultant] } }
  - id: fin-payment-approver
    displayName: Payment approver
    description: Approves payments
    owners: ${OWNERS}
    entitlements: { groups: [fin-ap, ke-files] }
    assignment:
      type: request
      catalog: cat-finance
      requestors: { scope: groups, groups: [all-staff] }
      approval:
        stages:
          - { approvers: [manager], backupApprovers: [dan@example.org], timeoutDays: 7 }
          - approvers: [group:fin-ap]
            escalation: { afterDays: 3, approvers: [erin@example.org] }
      expiry: { afterDays: 180 }
      review: { frequency: quarterly, reviewers: manager }
privilegedRoles:
  - id: global-admin
    directoryRole: Global Administrator
    group: { displayName: PIM-Global-Administrators, description: Global admins through PIM, owners: ${OWNERS} }
    eligible:
      - { principal: frank@example.org, expires: 2027-03-31 }
    activation: { maxDurationHours: 1, requireTicket: true, approvers: [gina@example.org, group:fin-ap] }
namedLocations:
  - { id: hq, displayName: HQ, ip: { ranges: [203.0.113.0/24], trusted: true } }
authenticationStrengths:
  - { id: fido, displayName: FIDO2 only, allowedCombinations: [fido2] }
conditionalAccessPolicies:
  - id: ca001-admins-fido
    displayName: CA001-Admins-IdentityProtection-AllApps-AnyPlatform-FIDO2
    state: enabled
    users: { include: { roles: [Global Administrator] }, exclude: { groups: [fin-ap] } }
    applications: { include: [All] }
    locations: { include: [All], exclude: [hq] }
    grant: { authenticationStrength: fido }
`,
};

/** The same entries in TypeScript, added to the stacks by name: no YAML entry at all. */
const extend: Extension = ({ environment, stack }) => {
  const groups = stack(`${environment}-groups`);
  const catalog = new AccessPackageCatalog(groups, "cat-finance", { displayName: "Finance", description: "Finance access" });
  const allStaff = new SecurityGroup(groups, "all-staff", {
    displayName: "All staff",
    description: "Every enabled staff member",
    owners,
    membership: { type: "dynamic", when: { employeeType: "Staff" } },
  });
  const ap = new SecurityGroup(groups, "fin-ap", {
    displayName: "Finance AP",
    description: "Accounts payable",
    owners,
    membership: { type: "assigned", members: ["carol@example.org"] },
  });
  const files = new SecurityGroup(groups, "ke-files", {
    displayName: "Kenya files",
    description: "Kenya office file share",
    owners,
    membership: { type: "assigned", managed: false },
  });

  const access = stack(`${environment}-access-finance`);
  new BusinessRole(access, "fin-payment-approver", {
    displayName: "Payment approver",
    description: "Approves payments",
    owners,
    entitlements: { groups: [ap, files] },
    assignment: {
      type: "request",
      catalog,
      requestors: { scope: "groups", groups: [allStaff] },
      approval: {
        stages: [
          { approvers: ["manager"], backupApprovers: ["dan@example.org"], timeoutDays: 7 },
          { approvers: [ap], escalation: { afterDays: 3, approvers: ["erin@example.org"] } },
        ],
      },
      expiry: { afterDays: 180 },
      review: { frequency: "quarterly", reviewers: "manager" },
    },
  });
  new BusinessRole(access, "fin-staff", {
    displayName: "Finance staff",
    description: "Everyone in Finance",
    owners,
    entitlements: { groups: ["fin-ap"] },
    assignment: { type: "birthright", when: { department: "Finance", employeeType: ["Staff", "Consultant"] } },
  });

  new PrivilegedRole(stack(`${environment}-privileged-access`), "global-admin", {
    directoryRole: "Global Administrator",
    group: { displayName: "PIM-Global-Administrators", description: "Global admins through PIM", owners },
    eligible: [{ principal: "frank@example.org", expires: "2027-03-31" }],
    activation: { maxDurationHours: 1, requireTicket: true, approvers: ["gina@example.org", ap] },
  });

  const ca = stack(`${environment}-conditional-access`);
  const hq = new NamedLocation(ca, "hq", { displayName: "HQ", ip: { ranges: ["203.0.113.0/24"], trusted: true } });
  const fido = new AuthenticationStrength(ca, "fido", { displayName: "FIDO2 only", allowedCombinations: ["fido2"] });
  new ConditionalAccessPolicy(ca, "ca001-admins-fido", {
    displayName: "CA001-Admins-IdentityProtection-AllApps-AnyPlatform-FIDO2",
    state: "enabled",
    users: { include: { roles: ["Global Administrator"] }, exclude: { groups: [ap] } },
    applications: { include: ["All"] },
    locations: { include: ["All"], exclude: [hq] },
    grant: { authenticationStrength: fido },
  });
};

async function synth(files: Record<string, string>, options: { extend?: Extension } = {}): Promise<Record<string, string>> {
  const { catalog, issues } = await loadCatalog(await writeCatalog(files));
  if (!catalog) throw new Error(issues.map((i) => i.message).join("\n"));
  const out = await mkdtemp(path.join(tmpdir(), "idac-ts-"));
  synthesizeInto(catalog, out, options);
  return readTree(out);
}

describe("a TypeScript-only stack", () => {
  it("synthesizes to the same Terraform JSON, byte for byte, as the equivalent YAML entries", async () => {
    const fromYaml = await synth(YAML);
    const fromTypeScript = await synth({}, { extend });
    const stacks = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([file]) => file.startsWith("stacks/")));
    expect(Object.keys(stacks(fromTypeScript)).sort()).toEqual([
      "stacks/test-access-finance/cdk.tf.json",
      "stacks/test-conditional-access/cdk.tf.json",
      "stacks/test-groups/cdk.tf.json",
      "stacks/test-privileged-access/cdk.tf.json",
    ]);
    for (const [file, json] of Object.entries(stacks(fromYaml))) expect(fromTypeScript[file], file).toBe(json);
  });
});

describe("constructs declared in TypeScript", () => {
  it("fails when props break the catalog's rules, listing every problem with the construct's path", async () => {
    const bad: Extension = ({ environment, stack }) => {
      const groups = stack(`${environment}-groups`);
      new SecurityGroup(groups, "no-owners", { displayName: "No owners", description: "Nobody owns it", owners: [], membership: { type: "assigned" } });
      new PrivilegedRole(stack(`${environment}-privileged-access`), "made-up", {
        directoryRole: "Supreme Administrator",
        group: { displayName: "PIM-Made-Up", description: "No such role", owners },
        activation: { maxDurationHours: 1 },
      });
      new BusinessRole(stack(`${environment}-access-finance`), "orphan", {
        displayName: "Orphan",
        description: "Grants a group nobody declared",
        owners,
        entitlements: { groups: ["nowhere"] },
        assignment: { type: "birthright", when: { department: "Finance" } },
      });
    };
    const error = await synth({}, { extend: bad }).then(
      () => undefined,
      (e: unknown) => String(e),
    );
    expect(error).toMatch(/test-groups\/group-no-owners: owners: a group needs owners/);
    expect(error).toMatch(/test-privileged-access\/privileged-role-made-up: 'Supreme Administrator' is not a built-in Microsoft Entra directory role/);
    expect(error).toMatch(/test-access-finance\/role-access-orphan: group 'nowhere' is not declared in this environment/);
  });

  it("fails when the same catalog ID is declared in YAML and in TypeScript", async () => {
    const twice: Extension = ({ environment, stack }) => {
      new NamedLocation(stack(`${environment}-conditional-access`), "hq", { displayName: "HQ again", ip: { ranges: ["198.51.100.0/24"] } });
    };
    await expect(synth(YAML, { extend: twice })).rejects.toThrow(/There is already a Construct with name 'named-location-hq'/);
  });

  it("fails when an extension asks for a stack name idac does not use, suggesting the right one", async () => {
    await expect(synth(YAML, { extend: ({ stack }) => void stack("test-grops") })).rejects.toThrow(
      /'test-grops' is not a stack of environment 'test'.*test-groups/s,
    );
  });

  it("creates a stack the catalog has nothing for, under the name idac would give it", async () => {
    const tree = await synth(
      {},
      {
        extend: ({ environment, stack }) =>
          void new NamedLocation(stack(`${environment}-conditional-access`), "hq", { displayName: "HQ", ip: { ranges: ["203.0.113.0/24"] } }),
      },
    );
    const json = JSON.parse(tree["stacks/test-conditional-access/cdk.tf.json"]!) as {
      resource: Record<string, Record<string, { display_name: string; lifecycle: unknown }>>;
    };
    expect(json.resource.azuread_named_location!["location__hq"]).toMatchObject({ display_name: "HQ", lifecycle: { prevent_destroy: true } });
  });
});

describe("TypeScript entries next to YAML entries", () => {
  it("nests a TypeScript role's group into a YAML group idac manages, after the people, in role ID order", async () => {
    const tree = await synth(YAML, {
      extend: ({ environment, stack }) =>
        void new BusinessRole(stack(`${environment}-access-finance`), "fin-auditor", {
          displayName: "Finance auditor",
          description: "Reads the ledgers",
          owners,
          entitlements: { groups: ["fin-ap"] },
          assignment: { type: "birthright", when: { jobTitle: "Auditor" } },
        }),
    });
    const groups = JSON.parse(tree["stacks/test-groups/cdk.tf.json"]!) as {
      resource: Record<string, Record<string, { members?: string[]; display_name: string }>>;
    };
    const members = groups.resource.azuread_group!["group__fin_ap"]!.members!;
    expect(members).toHaveLength(4);
    expect(members[0]).toMatch(/data\.azuread_user\.user__carol_example_org_/);
    expect(members.slice(1).map((m) => /(role__[a-z_]+)\.object_id/.exec(m)?.[1])).toEqual([
      "role__fin_auditor",
      "role__fin_payment_approver",
      "role__fin_staff",
    ]);
    expect(groups.resource.azuread_group!["role__fin_auditor"]!.display_name).toBe("Role - Finance auditor");
  });

  it("puts a role's group in the groups stack, creating that stack when the catalog has none", async () => {
    const tree = await synth(
      {},
      {
        extend: ({ environment, stack }) =>
          void new BusinessRole(stack(`${environment}-access-finance`), "fin-auditor", {
            displayName: "Finance auditor",
            description: "Reads the ledgers",
            owners,
            assignment: { type: "birthright", when: { jobTitle: "Auditor" } },
          }),
      },
    );
    const groups = JSON.parse(tree["stacks/test-groups/cdk.tf.json"]!) as { resource: Record<string, Record<string, unknown>> };
    expect(groups.resource.azuread_group!["role__fin_auditor"]).toBeDefined();
  });

  it("fails when a construct is created outside an idac stack, saying where it belongs", async () => {
    const { App, TerraformStack } = await import("cdktf");
    const stack = new TerraformStack(new App(), "plain");
    expect(() => new NamedLocation(stack, "hq", { displayName: "HQ", ip: { ranges: ["203.0.113.0/24"] } })).toThrow(
      /plain\/named-location-hq: idac constructs are created inside an idac stack.*stacks\/extensions\.ts/,
    );
  });
});

describe("the catalog's extension file", () => {
  it("is called by synth, and a problem in it is an input error that writes nothing", async () => {
    const root = await writeCatalog({
      ...YAML,
      "stacks/extensions.ts":
        "export function extend({ environment, stack }: { environment: string; stack(name: string): unknown }): void {\n  stack(`${environment}-grops`);\n}\n",
    });
    const io = captureOutput();
    const out = path.join(root, "out");
    expect(await runSynth({ catalog: root, out, format: "human" }, io.out)).toBe(2);
    expect(io.stderr()).toMatch(/'test-grops' is not a stack of environment 'test'/);
    expect(io.stderr()).toMatch(/Nothing was written/);
    await expect(readTree(out)).rejects.toThrow();
  });
});
