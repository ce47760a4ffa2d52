import { OWNERS } from "./catalog";

/** A small catalog touching every concept, used by construct, determinism and CLI tests. */
export const SMALL_CATALOG: Record<string, string> = {
  "roles/shared.yaml": `domain: shared
administrativeUnits:
  - id: au-kenya
    displayName: Kenya office
applications:
  - id: erp
    displayName: ERP
    clientId: 22222222-2222-2222-2222-222222222222
    appRoles:
      - { id: ap-clerk, appRoleId: 33333333-3333-3333-3333-333333333333 }
groups:
  - id: all-staff
    displayName: All staff
    description: Every enabled staff member
    owners: ${OWNERS}
    membership:
      type: dynamic
      when: { employeeType: Staff }
  - id: ke-files
    displayName: Kenya files
    description: Kenya office file share
    owners: ${OWNERS}
    administrativeUnit: au-kenya
    membership: { type: assigned, managed: false }
accessPackageCatalogs:
  - id: cat-finance
    displayName: Finance
    description: Finance access
`,
  "roles/finance.yaml": `domain: finance
groups:
  - id: fin-ap
    displayName: Finance AP
    description: Accounts payable
    owners: ${OWNERS}
    membership: { type: assigned, members: [carol@example.org] }
businessRoles:
  - id: fin-staff
    displayName: Finance staff
    description: Everyone in Finance
    owners: ${OWNERS}
    entitlements: { groups: [fin-ap, ke-files], appRoles: [erp/ap-clerk] }
    assignment:
      type: birthright
      when: { department: Finance, employeeType: [Staff, Consultant] }
  - id: fin-approver
    displayName: Payment approver
    description: Approves payments
    owners: ${OWNERS}
    sensitivity: confidential
    entitlements: { groups: [fin-ap] }
    assignment:
      type: request
      catalog: cat-finance
      requestors: { scope: groups, groups: [all-staff] }
      approval:
        stages:
          - approvers: [manager]
            backupApprovers: [dan@example.org]
            timeoutDays: 7
          - approvers: [group:fin-ap]
            escalation: { afterDays: 3, approvers: [erin@example.org] }
      expiry: { afterDays: 180 }
      review: { frequency: quarterly, reviewers: manager, whenNoResponse: removeAccess }
`,
  "roles/privileged.yaml": `privilegedRoles:
  - id: global-admin
    directoryRole: Global Administrator
    group: { displayName: PIM-Global-Administrators, description: Global admins through PIM, owners: ${OWNERS} }
    eligible:
      - { principal: frank@example.org, expires: 2027-03-31 }
      - { principal: 44444444-4444-4444-4444-444444444444, durationDays: 30 }
    activation: { maxDurationHours: 1, requireTicket: true, approvers: [gina@example.org, group:fin-ap] }
  - id: helpdesk-kenya
    directoryRole: Helpdesk Administrator
    administrativeUnit: au-kenya
    group: { displayName: PIM-Helpdesk-Kenya, description: Kenya helpdesk, owners: ${OWNERS} }
    activation: { maxDurationHours: 4 }
`,
  "policies/ca.yaml": `namedLocations:
  - id: hq
    displayName: HQ
    ip: { ranges: [203.0.113.0/24], trusted: true }
  - id: blocked
    displayName: Blocked countries
    countries: { codes: [KP, IR] }
authenticationStrengths:
  - id: fido
    displayName: FIDO2 only
    allowedCombinations: [fido2]
conditionalAccessPolicies:
  - id: ca001
    displayName: CA001-Global-AttackSurfaceReduction-AllApps-AnyPlatform-Block-LegacyAuth
    state: enabled
    users: { include: { all: true }, exclude: { groups: [fin-ap] } }
    applications: { include: [All] }
    clientAppTypes: [exchangeActiveSync, other]
    grant: { block: true }
  - id: ca100
    displayName: CA100-Admins-BaseProtection-AllApps-AnyPlatform-PhishingResistant
    users: { include: { roles: [Global Administrator] } }
    applications: { include: [All] }
    grant: { authenticationStrength: phishingResistantMfa }
    session: { signInFrequency: { hours: 4 }, persistentBrowser: never }
  - id: ca101
    displayName: CA101-Admins-BaseProtection-AzureManagement-AnyPlatform-Custom
    state: disabled
    users: { include: { guestsOrExternalUsers: [b2bCollaborationGuest] } }
    applications: { include: [AzureManagement, erp] }
    locations: { include: [All], exclude: [hq] }
    grant: { authenticationStrength: fido }
`,
};

/**
 * Conditional access policies using everything azuread 3.7.0 can set, on top of {@link SMALL_CATALOG}: session
 * controls only, device and service principal filters, workload identities, service principal and insider risk,
 * guests from listed tenants, terms of use, custom controls, a block with operator AND and each sign-in frequency form.
 */
export const EVERY_CA_ATTRIBUTE: Record<string, string> = {
  "policies/every-ca-attribute.yaml": `conditionalAccessPolicies:
  - id: ca500-session-only
    displayName: CA500-Global-DataProtection-Office365-AnyPlatform-AppEnforcedRestrictions
    users: { include: { all: true } }
    applications: { include: [Office365] }
    session: { applicationEnforcedRestrictions: true, disableResilienceDefaults: true }
  - id: ca501-unmanaged-devices
    displayName: CA501-Global-DataProtection-AllApps-AnyPlatform-NoPersistentBrowser
    users: { include: { all: true } }
    applications: { include: [All] }
    deviceFilter: { mode: include, rule: 'device.trustType -ne "ServerAD" -or device.isCompliant -ne True' }
    session: { persistentBrowser: never, signInFrequency: { hours: 1, authenticationType: secondaryAuthentication } }
  - id: ca502-workloads
    displayName: CA502-Workload-AttackSurfaceReduction-AllApps-Block-RiskyWorkloads
    users: { include: {} }
    applications: { include: [All] }
    clientApplications:
      include: [ServicePrincipalsInMyTenant]
      exclude: [erp]
      filter: { mode: exclude, rule: 'CustomSecurityAttribute.Workload_Tier -eq "0"' }
    servicePrincipalRiskLevels: [high, medium]
    grant: { block: true, operator: AND }
  - id: ca503-partners
    displayName: CA503-Guests-BaseProtection-AllApps-AnyPlatform-TermsOfUse
    users:
      include: { guestsOrExternalUsers: [b2bDirectConnectUser], externalTenants: [7c1f4f8a-0000-4000-8000-000000000002, 7c1f4f8a-0000-4000-8000-000000000001] }
      exclude: { guestsOrExternalUsers: [serviceProvider] }
    applications: { include: [All] }
    clientAppTypes: [browser, easSupported]
    insiderRiskLevels: [elevated]
    grant: { operator: AND, controls: [mfa], termsOfUse: [ce580154-086a-40fd-91df-8a60abac81a0], customAuthenticationFactors: [ContosoHardwareToken] }
    session: { signInFrequency: { everyTime: true, authenticationType: secondaryAuthentication } }
`,
};
