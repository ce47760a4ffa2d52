import { loadCatalog } from "../../../src/resolve/load-catalog";
import type { Catalog } from "../../../src/model/model";
import { OWNERS, writeCatalog } from "../../helpers/catalog";

/** A small catalog with one of each: joiner, mover and leaver workflows, the methods policy and two role settings. */
export const GOVERNANCE_YAML = `groups:
  - id: onboarding-buddies
    displayName: Onboarding buddies
    description: New joiners' buddy programme
    owners: ${OWNERS}
    membership: { type: assigned, managed: false }
  - id: pim-approvers
    displayName: PIM approvers
    description: Approve activations of privileged roles
    owners: ${OWNERS}
    membership: { type: assigned, members: [ann.owner@example.org] }
  - id: tap-excluded
    displayName: No temporary access pass
    description: Service desk accounts that must not receive passes
    owners: ${OWNERS}
    membership: { type: assigned }
lifecycleWorkflows:
  - id: joiner-australia
    displayName: Australia Onboard new hire employee
    description: Configure new hire tasks for onboarding employees on their first day
    category: joiner
    trigger: { daysBeforeHire: 0 }
    when: { country: Australia }
    tasks:
      - task: enableUserAccount
      - task: sendWelcomeEmail
  - id: joiner-week-before
    displayName: Joiner - a week before
    description: Pass and buddy group a week before the first day
    category: joiner
    trigger: { daysBeforeHire: 7 }
    when: { employeeType: Employee, department: ["Sales", "Marketing"] }
    tasks:
      - task: generateTemporaryAccessPass
        tapLifetimeMinutes: 480
        tapOneTimeUse: true
      - task: addUserToGroups
        groups: [onboarding-buddies]
        continueOnError: true
  - id: mover-department
    displayName: Mover - department
    description: Tell the manager about a move
    category: mover
    trigger: { attributesChanged: [department, jobTitle] }
    when: { companyName: { startsWith: "O'Brien" } }
    tasks:
      - task: sendManagerMoveEmail
        subject: "Move of {{userDisplayName}}"
        locale: en-us
  - id: leaver-on-the-day
    displayName: Leaver - on the day
    description: Disable sign-in on the leave date
    category: leaver
    trigger: { daysAfterLeave: 0 }
    when: { employeeType: { notIn: [Contractor, Guest] } }
    tasks:
      - task: disableUserAccount
        onPremises: true
      - task: removeUserFromGroups
        groups: [onboarding-buddies]
      - task: removeAllAccessPackageAssignments
authenticationMethodsPolicies:
  - id: tenant
    passkeys:
      state: enabled
      keyRestrictions: { enforcement: allow, aaGuids: [cb69481e-8ff7-4039-93ec-0a2729a154a8] }
    microsoftAuthenticator: { state: enabled, authenticationMode: push, showLocation: false }
    temporaryAccessPass:
      state: enabled
      excludeGroups: [tap-excluded]
      defaultLifetimeMinutes: 60
      minimumLifetimeMinutes: 30
      maximumLifetimeMinutes: 120
    sms: { state: disabled }
    voice: { state: disabled }
    registrationCampaign: { state: enabled, snoozeDays: 3, excludeGroups: [tap-excluded] }
directoryRoleSettings:
  - id: global-admin
    directoryRole: Global Administrator
    activation:
      maxDurationHours: 1
      requireTicket: true
      approvers: [ann.owner@example.org, group:pim-approvers]
    eligibilityMaxDays: 30
  - id: reports-reader
    directoryRole: reports reader
    activation: { maxDurationHours: 8, requireMfa: false, requireJustification: false }
`;

export async function governanceCatalog(yaml = GOVERNANCE_YAML): Promise<Catalog> {
  const root = await writeCatalog({ "roles/governance.yaml": yaml });
  const result = await loadCatalog(root);
  if (!result.catalog) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.catalog;
}
