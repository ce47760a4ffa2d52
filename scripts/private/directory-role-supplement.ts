/**
 * What the generator adds to Microsoft's "All roles" table, each entry with where it comes from. Both lists are
 * checked against the table on every run (see role-table.ts), so they cannot silently disagree with it.
 */

/**
 * Built-in roles Microsoft published after the newest copy of the reference this table was generated from
 * (ms.date 01/20/2026). A refresh from a copy that lists a role makes Microsoft's row win and the generator asks
 * for the entry here to be deleted; a copy that gives the same name another template ID stops the generator.
 *
 * Sources: Microsoft Learn, "What's new in Microsoft Entra RBAC" (March 2026: Authentication Extensibility Password
 * Administrator, Entra Backup Administrator and Entra Backup Reader, Teams External Collaboration Administrator
 * added). Names and template IDs as Microsoft's permissions reference page lists them since, taken from a capture
 * of that page's change (no copy of the Markdown file listing them was at hand when the table was generated). The
 * PRIVILEGED marker as the page sets it, recorded by Maester's role table, which is generated from the page
 * (maester365/maester, powershell/internal/Get-MtRoleInfo.ps1).
 * @see https://learn.microsoft.com/entra/identity/role-based-access-control/whats-new
 */
export const ROLES_PUBLISHED_SINCE: readonly { readonly name: string; readonly templateId: string; readonly privileged: boolean }[] = [
  { name: "Authentication Extensibility Password Administrator", templateId: "0b00bede-4072-4d22-b441-e7df02a1ef63", privileged: true },
  { name: "Entra Backup Administrator", templateId: "b6a27b2b-f905-4b2e-81b5-0d90e0ef1fdb", privileged: false },
  { name: "Entra Backup Reader", templateId: "f42252d9-5400-4d7b-b9ef-cc582dbb8577", privileged: false },
  { name: "Teams External Collaboration Administrator", templateId: "2fe872fb-daa8-4afc-8f6c-53c4565cfef4", privileged: false },
];

/**
 * Former names of built-in roles, which a catalog written against older documentation or tenant exports may still
 * use. Each resolves to the role's template ID, with a warning to write the current name. A former name may not be
 * a current role's name (Microsoft reused "Password Administrator", once the portal name of Helpdesk Administrator,
 * for another role: it is not listed).
 *
 * Sources:
 * - Microsoft Docs, "Administrator role permissions in Azure Active Directory" (MicrosoftDocs/azure-docs,
 *   articles/active-directory/users-groups-roles/directory-assign-admin-roles.md, ms.date 11/12/2019), table
 *   "Role template IDs": the Graph display names of that time.
 * - Microsoft Docs, "Azure AD built-in roles" (articles/active-directory/roles/permissions-reference.md, ms.date
 *   04/20/2021) and the entra-docs permissions reference of 06/25/2025, "All roles": Power BI Administrator and
 *   Azure AD Joined Device Local Administrator, renamed since.
 */
export const FORMER_ROLE_NAMES: readonly { readonly name: string; readonly templateId: string }[] = [
  { name: "Azure AD Joined Device Local Administrator", templateId: "9f06204d-73c1-4d4c-880a-6edb90606fd8" },
  { name: "B2C User Flow Administrator", templateId: "6e591065-9bad-43ed-90f3-e9424366d2f0" },
  { name: "B2C User Flow Attribute Administrator", templateId: "0f971eea-41eb-4569-a71e-57bb8a3eff1e" },
  { name: "Company Administrator", templateId: "62e90394-69f5-4237-9190-012177145e10" },
  { name: "CRM Service Administrator", templateId: "44367163-eba1-44c3-98af-f5787879f96a" },
  { name: "Device Administrators", templateId: "9f06204d-73c1-4d4c-880a-6edb90606fd8" },
  { name: "Exchange Service Administrator", templateId: "29232cdf-9323-42fd-ade2-1d097af3e4de" },
  { name: "Group Administrator", templateId: "fdd7a751-b60b-444a-984c-02652fe8fa1c" },
  { name: "Intune Service Administrator", templateId: "3a2c62db-5318-420d-8d74-23affee5d9d5" },
  { name: "Lync Service Administrator", templateId: "75941009-915a-4869-abe7-691bff18279e" },
  { name: "Power BI Administrator", templateId: "a9ea8996-122f-4c74-9520-8edcd192826c" },
  { name: "Power BI Service Administrator", templateId: "a9ea8996-122f-4c74-9520-8edcd192826c" },
  { name: "SharePoint Service Administrator", templateId: "f28a1f50-f6e7-4571-818b-6a12f2af6b6c" },
  { name: "Teams Service Administrator", templateId: "69091246-20e8-4a56-aa4d-066075b2a7a8" },
  { name: "User Account Administrator", templateId: "fe930be7-5e62-47db-91af-98c3a49a38b1" },
];
