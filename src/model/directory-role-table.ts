export interface DirectoryRoleDefinition {
  readonly name: string;
  readonly templateId: string;
  readonly privileged: boolean;
}
export const DIRECTORY_ROLES: readonly DirectoryRoleDefinition[] = [
  { name: "Application Administrator", templateId: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", privileged: true },
  { name: "Authentication Administrator", templateId: "c4e39bd9-1100-46d3-8c65-fb160da0071f", privileged: true },
  { name: "Cloud Application Administrator", templateId: "158c047a-c907-4556-b7ef-446551a6b5f7", privileged: true },
  { name: "Conditional Access Administrator", templateId: "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", privileged: true },
  { name: "Exchange Administrator", templateId: "29232cdf-9323-42fd-ade2-1d097af3e4de", privileged: false },
  { name: "Global Administrator", templateId: "62e90394-69f5-4237-9190-012177145e10", privileged: true },
  { name: "Global Reader", templateId: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", privileged: true },
  { name: "Helpdesk Administrator", templateId: "729827e3-9c14-49f7-bb1b-9608f156bbb8", privileged: true },
  { name: "Hybrid Identity Administrator", templateId: "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", privileged: true },
  { name: "Privileged Role Administrator", templateId: "e8611ab8-c189-46e8-94e1-60213ab1f814", privileged: true },
  { name: "Security Administrator", templateId: "194ae4cb-b126-40b2-bd5b-6091b380977d", privileged: true },
  { name: "Security Reader", templateId: "5d6b6bb7-de71-4623-b4af-96380a352509", privileged: true },
  { name: "SharePoint Administrator", templateId: "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", privileged: false },
  { name: "User Administrator", templateId: "fe930be7-5e62-47db-91af-98c3a49a38b1", privileged: true },
];
export const HIGHLY_PRIVILEGED_ROLE_NAMES: readonly string[] = ["Global Administrator", "Privileged Role Administrator", "User Administrator", "SharePoint Administrator", "Exchange Administrator", "Hybrid Identity Administrator", "Application Administrator", "Cloud Application Administrator"];
