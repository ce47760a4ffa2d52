import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runGuardrails } from "../../src/guardrails/engine";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { writeCatalog } from "../helpers/catalog";

/**
 * Attacks on the catalog that the checks before this suite let through, written as the pull request that tries
 * them. Each case changes a small catalog (below) in one way and names what must catch it: the guardrail rule, the
 * entry and the line, or the catalog rule (tier 2) and the line; benign look-alikes must pass. `at` is a piece of
 * text of the changed file: the finding's line is the line where it first occurs.
 */
const TODAY = "2026-11-22";

const ENV = `environments:
  - id: test
    tenantId: 11111111-1111-1111-1111-111111111111
    namePrefix: "T-"
    breakGlass:
      accounts: [aaaaaaaa-0000-0000-0000-000000000001, aaaaaaaa-0000-0000-0000-000000000002]
      group: aaaaaaaa-0000-0000-0000-0000000000ff
    domains: [example.org, example.onmicrosoft.com]
    backend: { type: local }
`;

const ROLES = `administrativeUnits:
  - id: au-east
    displayName: East offices
  - id: au-west
    displayName: West offices
groups:
  - id: staff-all
    displayName: ORG All Staff
    description: Every member of staff, from the HR record
    owners: [ann.owner@example.org, bob.owner@example.org]
    membership: { type: dynamic, when: { employeeType: Staff } }
  - id: controllers
    displayName: FIN Controllers
    description: Finance controllers
    owners: [ann.owner@example.org, bob.owner@example.org]
    membership: { type: assigned, members: [carol@example.org, dan@example.org] }
  - id: treasury
    displayName: FIN Treasury
    description: Treasury workspace and bank portal
    owners: [ann.owner@example.org, bob.owner@example.org]
    sensitivity: highlyConfidential
    membership: { type: assigned }
  - id: tier0-operators
    displayName: ICT Tier 0 Operators
    description: Role-assignable group of the tier 0 operators
    owners: [gina@example.org, hal@example.org]
    assignableToRole: true
    membership: { type: assigned, members: [gina@example.org] }
accessPackageCatalogs:
  - id: cat-fin
    displayName: Finance
    description: Finance access
businessRoles:
  - id: payments
    displayName: Payment approver
    description: Releases supplier payment runs
    owners: [ann.owner@example.org, bob.owner@example.org]
    sensitivity: highlyConfidential
    entitlements: { groups: [treasury] }
    assignment:
      type: request
      catalog: cat-fin
      requestors: { scope: groups, groups: [controllers] }
      approval:
        stages:
          - approvers: [erin@example.org, frank@example.org]
            backupApprovers: [ann.owner@example.org]
      expiry: { afterDays: 90 }
      review: { frequency: quarterly, reviewers: manager, whenNoResponse: removeAccess }
privilegedRoles:
  - id: global-admin
    directoryRole: Global Administrator
    group: { displayName: PIM-Global-Administrators, description: Eligible Global Administrators, owners: [gina@example.org, hal@example.org] }
    eligible:
      - { principal: gina@example.org, durationDays: 30 }
      - { principal: hal@example.org, durationDays: 30 }
    activation: { maxDurationHours: 1, approvers: [gina@example.org, hal@example.org] }
  - id: user-admin
    directoryRole: User Administrator
    group: { displayName: PIM-User-Administrators, description: Eligible User Administrators, owners: [gina@example.org, ivy@example.org] }
    eligible:
      - { principal: ivy@example.org, durationDays: 30 }
    activation: { maxDurationHours: 4 }
  - id: helpdesk
    directoryRole: Helpdesk Administrator
    group: { displayName: PIM-Helpdesk-Administrators, description: Eligible Helpdesk Administrators, owners: [gina@example.org, hal@example.org] }
    eligible:
      - { principal: jo@example.org, durationDays: 30 }
    activation: { maxDurationHours: 8 }
`;

const POLICIES = `conditionalAccessPolicies:
  - id: ca001-mfa
    displayName: CA001-Global-BaseProtection-AllApps-AnyPlatform-MFA
    description: MFA for everybody
    state: enabled
    users: { include: { all: true } }
    applications: { include: [All] }
    grant: { controls: [mfa] }
`;

const FILES: Record<string, string> = { "environments/test.yaml": ENV, "roles/base.yaml": ROLES, "policies/base.yaml": POLICIES };

interface Patch {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

interface Case {
  readonly name: string;
  readonly patch: readonly Patch[];
  /** A guardrail finding (rule, entry, level) or a catalog issue (code), at the first line holding `at`; none for "passes". */
  readonly expect?: { rule?: string; code?: string; entry?: string; level?: string; file: string; at: string; message?: RegExp };
  /** Rules (or issue codes) that must stay silent: all of them for a case that passes, the others for one that fails. */
  readonly silent?: readonly string[];
}

const roles = (find: string, replace: string): Patch => ({ file: "roles/base.yaml", find, replace });
const stage = (approvers: string) => roles("          - approvers: [erin@example.org, frank@example.org]\n", `          - approvers: ${approvers}\n`);
const requestors = (value: string) => roles("      requestors: { scope: groups, groups: [controllers] }\n", `      requestors: ${value}\n`);
const addGroup = (id: string, displayName: string, extra = "") =>
  roles(
    "accessPackageCatalogs:\n",
    `  - id: ${id}\n    displayName: "${displayName}"\n    description: Added by the pull ` +
      `request\n    owners: [ann.owner@example.org, bob.owner@example.org]\n    membership: { ` +
      `type: assigned }\n${extra}accessPackageCatalogs:\n`,
  );
const R = "roles/base.yaml";

const CASES: readonly Case[] = [
  // 1. Self-approval by a single approver who can also request
  {
    name: "fails when the only approver can request the package because every member user may (allMembers)",
    patch: [requestors("{ scope: allMembers }"), stage("[erin@example.org]")],
    expect: {
      rule: "IDAC-GOV-010",
      entry: "payments",
      level: "error",
      file: R,
      at: "- approvers: [erin@example.org]",
      message: /approved by erin@example\.org alone, who can also request .*allMembers/,
    },
  },
  {
    name: "fails when the only approver is a declared member of the requestor group",
    patch: [stage("[carol@example.org]")],
    expect: {
      rule: "IDAC-GOV-010",
      entry: "payments",
      level: "error",
      file: R,
      at: "- approvers: [carol@example.org]",
      message: /member of requestor group 'controllers'/,
    },
  },
  {
    name: "fails when one approver is listed twice, in different case, to look like two",
    patch: [stage("[carol@example.org, Carol@EXAMPLE.org]")],
    expect: {
      rule: "IDAC-GOV-010",
      entry: "payments",
      level: "error",
      file: R,
      at: "- approvers: [carol@example.org, Carol",
      message: /approved by carol@example\.org alone/,
    },
  },
  {
    name: "fails when the only approver group has one known member, who can request",
    patch: [
      roles(
        "accessPackageCatalogs:\n",
        "  - id: solo-approvers\n    displayName: FIN Solo Approvers\n    description: " +
          "One person\n    owners: [ann.owner@example.org, bob.owner@example.org]\n    membership: " +
          "{ type: assigned, members: [dan@example.org] }\naccessPackageCatalogs:\n",
      ),
      stage("[group:solo-approvers]"),
    ],
    expect: {
      rule: "IDAC-GOV-010",
      entry: "payments",
      level: "error",
      file: R,
      at: "- approvers: [group:solo-approvers]",
      message: /approved by dan@example\.org alone/,
    },
  },
  {
    name: "fails (as a warning saying what cannot be decided) when the only approver may be in a dynamic requestor group",
    patch: [requestors("{ scope: groups, groups: [staff-all] }"), stage("[erin@example.org]")],
    expect: {
      rule: "IDAC-GOV-011",
      entry: "payments",
      level: "warning",
      file: R,
      at: "- approvers: [erin@example.org]",
      message: /cannot tell .* 'staff-all' is dynamic: its members follow HR attributes/,
    },
  },
  {
    name: "passes with two different people approving, even when both may request",
    patch: [stage("[carol@example.org, dan@example.org]")],
    silent: ["IDAC-GOV-010", "IDAC-GOV-011"],
  },
  { name: "passes when the only approver is known not to be a requestor", patch: [stage("[erin@example.org]")], silent: ["IDAC-GOV-010", "IDAC-GOV-011"] },

  // 2. Highly confidential access for all users without approval
  {
    name: "fails when a highly confidential package is open to all users, guests included, without approval",
    patch: [
      requestors("{ scope: allUsers }"),
      roles(
        "      approval:\n        stages:\n          - approvers: [erin@example.org, " +
          "frank@example.org]\n            backupApprovers: [ann.owner@example.org]\n",
        "      approval: { none: true, reason: Everybody needs the treasury workspace }\n",
      ),
    ],
    expect: {
      rule: "IDAC-GOV-012",
      entry: "payments",
      level: "error",
      file: R,
      at: "      approval: { none: true",
      message: /highly confidential .*allUsers.*without approval/,
    },
  },
  {
    name: "fails when the role declares itself internal but grants a highly confidential group",
    patch: [
      roles(
        "    sensitivity: highlyConfidential\n    entitlements: { groups: [treasury] }\n",
        "    sensitivity: internal\n    entitlements: { groups: [treasury] }\n",
      ),
      requestors("{ scope: allUsers }"),
      roles(
        "      approval:\n        stages:\n          - approvers: [erin@example.org, " +
          "frank@example.org]\n            backupApprovers: [ann.owner@example.org]\n",
        "      approval: { none: true, reason: Everybody needs the treasury workspace }\n",
      ),
    ],
    expect: {
      rule: "IDAC-GOV-012",
      entry: "payments",
      level: "error",
      file: R,
      at: "      approval: { none: true",
      message: /it grants group 'treasury' \(highlyConfidential\)/,
    },
  },
  { name: "passes a highly confidential package open to all users with approval", patch: [requestors("{ scope: allUsers }")], silent: ["IDAC-GOV-012"] },

  // 3. Owners of a PIM group hold its role or a stronger one
  {
    name: "fails when a User Administrators' PIM group is owned by a Helpdesk Administrator",
    patch: [roles("owners: [gina@example.org, ivy@example.org]", "owners: [gina@example.org, jo@example.org]")],
    expect: {
      rule: "IDAC-PRIV-013",
      entry: "user-admin",
      level: "error",
      file: R,
      at: "owners: [gina@example.org, jo@example.org]",
      message: /jo@example\.org owns the PIM group of 'user-admin' .* holds only Helpdesk Administrator \(helpdesk\)/,
    },
  },
  {
    name: "fails when the owner's own eligibility for the role has ended",
    patch: [roles("      - { principal: ivy@example.org, durationDays: 30 }\n", "      - { principal: ivy@example.org, expires: 2026-10-31 }\n")],
    expect: {
      rule: "IDAC-PRIV-013",
      entry: "user-admin",
      level: "error",
      file: R,
      at: "owners: [gina@example.org, ivy@example.org]",
      message: /holds only User Administrator \(user-admin, ended\)/,
    },
  },
  {
    name: "fails when the owner holds the same role in another administrative unit only",
    patch: [
      roles("    directoryRole: Helpdesk Administrator\n", "    directoryRole: Helpdesk Administrator\n    administrativeUnit: au-east\n"),
      roles(
        "privilegedRoles:\n",
        "privilegedRoles:\n  - id: helpdesk-west\n    directoryRole: Helpdesk " +
          "Administrator\n    administrativeUnit: au-west\n    group: { displayName: " +
          "PIM-Helpdesk-West, description: West helpdesk, owners: [gina@example.org, " +
          "kim@example.org] }\n    eligible:\n      - { principal: kim@example.org, durationDays: " +
          "30 }\n    activation: { maxDurationHours: 8 }\n",
      ),
      roles(
        "owners: [gina@example.org, hal@example.org] }\n    eligible:\n      - { principal: jo@",
        "owners: [gina@example.org, kim@example.org] }\n    eligible:\n      - { principal: jo@",
      ),
    ],
    expect: {
      rule: "IDAC-PRIV-013",
      entry: "helpdesk",
      level: "error",
      file: R,
      at: "displayName: PIM-Helpdesk-Administrators",
      message: /kim@example\.org owns the PIM group of 'helpdesk' \(Helpdesk Administrator in administrative unit au-east\)/,
    },
  },
  {
    name: "passes an owner eligible for Global Administrator owning the User Administrators' PIM group",
    patch: [],
    silent: ["IDAC-PRIV-013", "IDAC-PRIV-009"],
  },

  // 4. Role-assignable groups cannot be dynamic (tier 2)
  {
    name: "fails when a role-assignable group gets dynamic membership",
    patch: [
      roles(
        "    assignableToRole: true\n    membership: { type: assigned, members: [gina@example.org] }\n",
        "    assignableToRole: true\n    membership: { type: dynamic, when: { department: ICT } }\n",
      ),
    ],
    expect: {
      code: "CATALOG_CONFLICT",
      file: R,
      at: "membership: { type: dynamic, when: { department: ICT } }",
      message: /role-assignable .* Entra refuses dynamic membership/,
    },
  },

  // 5. One object adopted twice; break-glass objects adopted
  {
    name: "fails when two entries adopt the same object ID, written in different case",
    patch: [
      roles("  - id: controllers\n", "  - id: controllers\n    importFrom: 0d9e1f2a-3b4c-4d5e-8f60-7a8b9c0d1e2f\n"),
      roles("  - id: treasury\n", "  - id: treasury\n    importFrom: 0D9E1F2A-3B4C-4D5E-8F60-7A8B9C0D1E2F\n"),
    ],
    expect: {
      code: "CATALOG_DUPLICATE_IMPORT",
      file: R,
      at: "importFrom: 0D9E1F2A",
      message: /Group 'treasury' \(importFrom\) adopts .* which group 'controllers' \(importFrom\) already adopts \(roles\/base\.yaml:\d+\)/,
    },
  },
  {
    name: "fails when a PIM schedule is adopted twice, once as Graph writes it and once by its own ID",
    patch: [
      roles(
        "      - { principal: gina@example.org, durationDays: 30 }\n",
        "      - { principal: gina@example.org, durationDays: 30, importFrom: " +
          "5b2c8d1e-0000-4000-8000-00000000aaaa_member_7c3d9e2f-1111-4111-8111-11111111bbbb }\n",
      ),
      roles(
        "      - { principal: ivy@example.org, durationDays: 30 }\n",
        "      - { principal: ivy@example.org, durationDays: 30, importFrom: 7C3D9E2F-1111-4111-8111-11111111BBBB }\n",
      ),
    ],
    expect: { code: "CATALOG_DUPLICATE_IMPORT", file: R, at: "importFrom: 7C3D9E2F", message: /privileged role 'global-admin' \(eligible\[0\]\.importFrom\)/ },
  },
  {
    name: "fails when an entry adopts the environment's break-glass group",
    patch: [roles("  - id: tier0-operators\n", "  - id: tier0-operators\n    importFrom: aaaaaaaa-0000-0000-0000-0000000000ff\n")],
    expect: {
      code: "CATALOG_ADOPTS_BREAK_GLASS",
      file: R,
      at: "importFrom: aaaaaaaa-0000-0000-0000-0000000000ff",
      message: /break-glass group of environment 'test'/,
    },
  },
  {
    name: "fails when a business role adopts a break-glass account as its role group",
    patch: [roles("  - id: payments\n", "  - id: payments\n    importFrom: { group: AAAAAAAA-0000-0000-0000-000000000001 }\n")],
    expect: { code: "CATALOG_ADOPTS_BREAK_GLASS", file: R, at: "importFrom: { group: AAAAAAAA", message: /a break-glass account of environment 'test'/ },
  },
  {
    name: "passes entries that adopt different objects",
    patch: [
      roles("  - id: controllers\n", "  - id: controllers\n    importFrom: 0d9e1f2a-3b4c-4d5e-8f60-7a8b9c0d1e2f\n"),
      roles("  - id: treasury\n", "  - id: treasury\n    importFrom: 0d9e1f2a-3b4c-4d5e-8f60-7a8b9c0d1e30\n"),
    ],
    silent: ["CATALOG_DUPLICATE_IMPORT", "CATALOG_ADOPTS_BREAK_GLASS"],
  },

  // 6. Look-alike copies of privileged group names
  {
    name: "fails when a group copies a PIM group's name with a word of Cyrillic look-alikes",
    patch: [addGroup("admin-reports", "\u0420\u0406\u041c-Global-Administrators")],
    expect: {
      rule: "IDAC-PRIV-014",
      entry: "admin-reports",
      level: "error",
      file: R,
      at: "\u0420\u0406\u041c-Global",
      message: new RegExp(
        [
          "'T-\\u0420\\u0406\\u041c-Global-Administrators', which looks like 'T-PIM-Global-Administ",
          "rators', the display name of the PIM group of privileged role 'global-admin' ",
          "\\(roles\\/base\\.yaml:\\d+\\); it contains U\\+0420, U\\+0406, U\\+041C",
        ].join(""),
      ),
    },
  },
  {
    name: "fails when a group copies a PIM group's name in fullwidth letters",
    patch: [addGroup("admin-reports", "\uff30\uff29\uff2d-Global-Administrators")],
    expect: {
      rule: "IDAC-PRIV-014",
      entry: "admin-reports",
      level: "error",
      file: R,
      at: "\uff30\uff29\uff2d-Global",
      message: /looks like 'T-PIM-Global-Administrators'/,
    },
  },
  {
    name: "fails when a group writes 'rn' for 'm' and 'l' for 'I'",
    patch: [addGroup("admin-reports", "PlM-Global-Adrninistrators")],
    expect: {
      rule: "IDAC-PRIV-014",
      entry: "admin-reports",
      level: "error",
      file: R,
      at: "PlM-Global-Adrninistrators",
      message: /looks like 'T-PIM-Global-Administrators'/,
    },
  },
  {
    name: "fails when an access package carries a PIM group's name in other case",
    patch: [roles("    displayName: Payment approver\n", "    displayName: pim-user-administrators\n")],
    expect: {
      rule: "IDAC-PRIV-014",
      entry: "payments",
      level: "error",
      file: R,
      at: "displayName: pim-user-administrators",
      message: /Business role 'payments' is named 'T-pim-user-administrators', the display name of the PIM group of privileged role 'user-admin'/,
    },
  },
  {
    name: "fails when an administrative unit imitates a role-assignable group's name with 'O' for '0'",
    patch: [roles("    displayName: West offices\n", "    displayName: ICT Tier O Operators\n")],
    expect: {
      rule: "IDAC-PRIV-014",
      entry: "au-west",
      level: "error",
      file: R,
      at: "ICT Tier O Operators",
      message: new RegExp(
        [
          "administrative unit 'au-west' is named 'T-ICT Tier O Operators', which ",
          "looks like 'T-ICT Tier 0 Operators', the display name of role-assignable ",
          "group 'tier0-operators'",
        ].join(""),
        "i",
      ),
    },
  },
  {
    name: "fails when a group writes an en dash for a PIM group name's hyphen",
    patch: [addGroup("admin-reports", "PIM\u2013Global-Administrators")],
    expect: {
      rule: "IDAC-PRIV-014",
      entry: "admin-reports",
      level: "error",
      file: R,
      at: "PIM\u2013Global",
      message: /looks like 'T-PIM-Global-Administrators'.*U\+2013/,
    },
  },
  {
    name: "fails (as a warning) when two ordinary groups share a display name",
    patch: [addGroup("fin-controllers-copy", "fin controllers")],
    expect: {
      rule: "IDAC-HYG-007",
      entry: "fin-controllers-copy",
      level: "warning",
      file: R,
      at: 'displayName: "fin controllers"',
      message: /like group 'controllers'/,
    },
  },
  {
    name: "passes a name that merely shares a privileged group's prefix",
    patch: [addGroup("admin-reports", "PIM-Global-Administrators-Reports")],
    silent: ["IDAC-PRIV-014", "IDAC-HYG-007"],
  },

  // 7. UPNs outside the tenant's declared domains
  {
    name: "fails when a PIM eligible member is written in a look-alike domain",
    patch: [roles("      - { principal: jo@example.org, durationDays: 30 }\n", "      - { principal: jo@examp1e.org, durationDays: 30 }\n")],
    expect: {
      rule: "IDAC-PRIV-015",
      entry: "helpdesk",
      level: "error",
      file: R,
      at: "principal: jo@examp1e.org",
      message: /jo@examp1e\.org, eligible for 'helpdesk', is not in a domain of environment 'test' \(example\.org, example\.onmicrosoft\.com\)/,
    },
  },
  {
    name: "fails when an activation approver is in a foreign domain",
    patch: [roles("approvers: [gina@example.org, hal@example.org] }", "approvers: [gina@example.org, hal@partner.com] }")],
    expect: { rule: "IDAC-PRIV-015", entry: "global-admin", level: "error", file: R, at: "hal@partner.com", message: /activation approver of 'global-admin'/ },
  },
  {
    name: "fails when a role-assignable group gets a member in a foreign domain",
    patch: [roles("members: [gina@example.org] }", "members: [gina@example.org, mallory@example.org.evil.com] }")],
    expect: {
      rule: "IDAC-PRIV-015",
      entry: "tier0-operators",
      level: "error",
      file: R,
      at: "mallory@example.org.evil.com",
      message: /member of group 'tier0-operators'/,
    },
  },
  {
    name: "fails when a backup approver of a highly confidential package is outside the tenant's domains",
    patch: [roles("            backupApprovers: [ann.owner@example.org]\n", "            backupApprovers: [ann.owner@exarnple.org]\n")],
    expect: {
      rule: "IDAC-GOV-013",
      entry: "payments",
      level: "error",
      file: R,
      at: "ann.owner@exarnple.org",
      message: /backup approver of access package 'payments'/,
    },
  },
  {
    name: "fails (as a warning) when a group owner is outside the tenant's domains",
    patch: [
      roles(
        "    description: Finance controllers\n    owners: [ann.owner@example.org, bob.owner@example.org]\n",
        "    description: Finance controllers\n    owners: [ann.owner@example.org, bob.owner@gmail.com]\n",
      ),
    ],
    expect: { rule: "IDAC-HYG-008", entry: "controllers", level: "warning", file: R, at: "bob.owner@gmail.com", message: /owner of group 'controllers'/ },
  },
  {
    name: "passes a guest's #EXT# UPN in the tenant's onmicrosoft domain in a group that is not privileged",
    patch: [
      roles(
        "members: [carol@example.org, dan@example.org] }",
        'members: [carol@example.org, dan@example.org, "pat_partner.org#EXT#@example.onmicrosoft.com"] }',
      ),
    ],
    silent: ["IDAC-HYG-008", "IDAC-PRIV-015", "IDAC-GOV-013"],
  },
  {
    name: "fails once per environment, and not once per person, when the environment declares no domains",
    patch: [
      { file: "environments/test.yaml", find: "    domains: [example.org, example.onmicrosoft.com]\n", replace: "" },
      roles("      - { principal: jo@example.org, durationDays: 30 }\n", "      - { principal: jo@examp1e.org, durationDays: 30 }\n"),
    ],
    expect: { rule: "IDAC-HYG-009", entry: "test", level: "warning", file: "environments/test.yaml", at: "  - id: test", message: /declares no domains/ },
    silent: ["IDAC-PRIV-015", "IDAC-GOV-013", "IDAC-HYG-008"],
  },
  {
    name: "passes a UPN that upnDomains rewrites into the environment's domain",
    patch: [
      {
        file: "environments/test.yaml",
        find: "    domains: [example.org, example.onmicrosoft.com]\n",
        replace: "    upnDomains: { example.org: exampledev.onmicrosoft.com }\n    domains: [exampledev.onmicrosoft.com]\n",
      },
    ],
    silent: ["IDAC-PRIV-015", "IDAC-GOV-013", "IDAC-HYG-008", "IDAC-HYG-009"],
  },
];

async function build(patches: readonly Patch[]): Promise<{ root: string; text: (file: string) => Promise<string> }> {
  const files = { ...FILES };
  for (const p of patches) {
    const before = files[p.file]!;
    if (!before.includes(p.find)) throw new Error(`patch does not apply: '${p.find}' not in ${p.file}`);
    files[p.file] = before.replace(p.find, p.replace);
  }
  const root = await writeCatalog(files, { withEnvironment: false });
  return { root, text: (file) => readFile(path.join(root, file), "utf8") };
}

describe("guardrail gaps found by an attack on the catalog", () => {
  it("has at least 20 distinct cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it("start from a catalog that none of the new checks fault", async () => {
    const { root } = await build([]);
    const { catalog, issues } = await loadCatalog(root);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const ours = /IDAC-(GOV-01[0-3]|PRIV-009|PRIV-01[3-5]|HYG-00[7-9])/;
    expect(runGuardrails(catalog!, { today: TODAY }).findings.filter((f) => ours.test(f.rule))).toEqual([]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { root, text } = await build(c.patch);
    const { catalog, issues } = await loadCatalog(root);
    const findings = catalog ? runGuardrails(catalog, { today: TODAY }).findings : [];
    if (!c.expect) {
      expect(issues.filter((i) => c.silent!.includes(i.code))).toEqual([]);
      expect(
        issues.filter((i) => i.severity === "error"),
        JSON.stringify(issues),
      ).toEqual([]);
      expect(findings.filter((f) => c.silent!.includes(f.rule))).toEqual([]);
      return;
    }
    const e = c.expect;
    const line = (await text(e.file)).split("\n").findIndex((l) => l.includes(e.at)) + 1;
    expect(line, `'${e.at}' not found in ${e.file}`).toBeGreaterThan(0);
    if (e.code) {
      expect(catalog).toBeUndefined();
      const hits = issues.filter((i) => i.code === e.code);
      expect(
        hits.map((i) => `${i.file}:${i.line}`),
        JSON.stringify(issues, null, 1),
      ).toEqual([`${e.file}:${line}`]);
      if (e.message) expect(hits[0]!.message).toMatch(e.message);
      return;
    }
    expect(
      issues.filter((i) => i.severity === "error"),
      JSON.stringify(issues),
    ).toEqual([]);
    const hits = findings.filter((f) => f.rule === e.rule);
    expect(
      hits.map((f) => ({ entry: f.entry.id, level: f.level, at: `${f.file}:${f.line}` })),
      JSON.stringify(hits, null, 1),
    ).toEqual([{ entry: e.entry, level: e.level, at: `${e.file}:${line}` }]);
    if (e.message) expect(hits[0]!.message).toMatch(e.message);
    expect(findings.filter((f) => c.silent?.includes(f.rule))).toEqual([]);
  });
});
