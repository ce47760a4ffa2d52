/**
 * Microsoft's application groups in conditional access, and the first-party applications they contain, as Microsoft
 * documents them. A sign-in to one of these applications is matched by a policy that includes or excludes its group:
 * a policy that excludes Office365 excludes Exchange Online.
 *
 * Sources (read 2026-12-02):
 * - https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-cloud-apps
 *   ("Conditional Access: Target resources": Office 365, Windows Azure Service Management API, Microsoft Admin Portals)
 * - https://learn.microsoft.com/entra/identity/conditional-access/reference-office-365-application-contents
 *   ("Apps included in Conditional Access Office 365 app suite")
 * - https://learn.microsoft.com/troubleshoot/azure/entra/entra-id/governance/verify-first-party-apps-sign-in
 *   ("Application IDs for commonly used Microsoft applications": the application (client) IDs below)
 *
 * Read on 2026-12-02.
 */
export const MICROSOFT_APPS_SOURCE = "https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-cloud-apps";

/** The application groups conditional access names by keyword. */
export type MicrosoftAppGroup = "Office365" | "AzureManagement" | "MicrosoftAdminPortals" | "IntuneEnrollment";

export interface MicrosoftApp {
  /** Microsoft's display name of the application. */
  readonly displayName: string;
  /** Application (client) ID, where Microsoft publishes it. */
  readonly appId?: string;
  /** Other names people use for it (case-insensitive look-up). */
  readonly aliases?: readonly string[];
  /** The keyword groups that contain it. */
  readonly groups: readonly MicrosoftAppGroup[];
}

const O365: MicrosoftAppGroup[] = ["Office365"];

/**
 * The applications idac knows by name. Office365's list is long and grows; these are the ones with a published
 * application ID and the ones policies name most. A catalog application whose client ID is listed here belongs to
 * the same groups.
 */
export const MICROSOFT_APPS: readonly MicrosoftApp[] = [
  { displayName: "Office 365 Exchange Online", appId: "00000002-0000-0ff1-ce00-000000000000", aliases: ["Exchange Online", "Exchange"], groups: O365 },
  { displayName: "Office 365 SharePoint Online", appId: "00000003-0000-0ff1-ce00-000000000000", aliases: ["SharePoint Online", "SharePoint"], groups: O365 },
  { displayName: "Microsoft Teams", appId: "1fec8e78-bce4-4aaf-ab1b-5451cc387264", aliases: ["Teams"], groups: O365 },
  { displayName: "Microsoft Teams Services", appId: "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe", groups: O365 },
  { displayName: "Microsoft Teams Web Client", appId: "5e3ce6c0-2b1f-4285-8d4b-75ee78787346", groups: O365 },
  { displayName: "Skype for Business Online", appId: "00000004-0000-0ff1-ce00-000000000000", groups: O365 },
  { displayName: "Microsoft Office 365 Portal", appId: "00000006-0000-0ff1-ce00-000000000000", groups: O365 },
  { displayName: "Microsoft Exchange Online Protection", appId: "00000007-0000-0ff1-ce00-000000000000", groups: O365 },
  { displayName: "Microsoft Office", appId: "d3590ed6-52b3-4102-aeff-aad2292ab01c", groups: O365 },
  { displayName: "Microsoft Forms", appId: "c9a559d2-7aab-4f13-a6ed-e7e9c52aec87", groups: O365 },
  { displayName: "Microsoft Stream Portal", appId: "cf53fce8-def6-4aeb-8d30-b158e7b1cf83", groups: O365 },
  { displayName: "Microsoft Whiteboard Services", appId: "95de633a-083e-42f5-b444-a4295d8e9314", groups: O365 },
  { displayName: "O365 Suite UX", appId: "4345a7b9-9a63-4910-a426-35363201d503", groups: O365 },
  { displayName: "Office 365 Search Service", appId: "66a88757-258c-4c72-893c-3e8bed4d6899", groups: O365 },
  { displayName: "Office Delve", appId: "94c63fef-13a3-47bc-8074-75af8c65887a", groups: O365 },
  { displayName: "Office Online Add-in SSO", appId: "93d53678-613d-4013-afc1-62e9e444a0a5", groups: O365 },
  { displayName: "Office Online Core SSO", appId: "243c63a3-247d-41c5-9d83-7788c43f1c43", groups: O365 },
  { displayName: "Office.com", appId: "4b233688-031c-404b-9a80-a4f3f2351f90", groups: O365 },
  { displayName: "Office365 Shell WCSS-Client", appId: "89bee1f7-5e6e-4d8a-9f3d-ecd601259da7", groups: O365 },
  { displayName: "OfficeClientService", appId: "0f698dd4-f011-4d23-a33e-b36416dcb1e6", groups: O365 },
  { displayName: "OneDrive SyncEngine", appId: "ab9b8c07-8f02-4f72-87fa-80105867a763", groups: O365 },
  { displayName: "OneNote", appId: "2d4d3d8e-2be3-4bef-9f87-7875a61c29de", groups: O365 },
  { displayName: "SharePoint Online Web Client Extensibility", appId: "08e18876-6177-487e-b8b5-cf950c1e598c", groups: O365 },
  { displayName: "Sway", appId: "905fcf26-4eb7-48a0-9ff0-8dcc7194b5ba", groups: O365 },
  { displayName: "Media Analysis and Transformation Service", appId: "944f0bd1-117b-4b1c-af26-804ed95e767e", groups: O365 },
  { displayName: "Microsoft Planner", groups: O365 },
  { displayName: "Microsoft To-Do web app", groups: O365 },
  { displayName: "OneDrive", groups: O365 },
  { displayName: "Viva Engage", aliases: ["Yammer"], groups: O365 },
  { displayName: "PowerApps Service", groups: O365 },
  { displayName: "Microsoft Flow Portal", groups: O365 },
  // "Windows Azure Service Management API" is itself the AzureManagement target; the portal is in both groups.
  {
    displayName: "Windows Azure Service Management API",
    appId: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
    aliases: ["Azure Resource Manager"],
    groups: ["AzureManagement"],
  },
  { displayName: "Azure Portal", appId: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", groups: ["AzureManagement", "MicrosoftAdminPortals"] },
  { displayName: "Azure Data Lake", appId: "e9f49c6b-5ce5-44c8-925d-015017e9f7ad", groups: ["AzureManagement"] },
  { displayName: "Application Insights API", appId: "f5c26e74-f226-4ae8-85f0-b4af0080ac9e", groups: ["AzureManagement"] },
  { displayName: "Log Analytics API", groups: ["AzureManagement"] },
  { displayName: "Microsoft Entra admin center", groups: ["MicrosoftAdminPortals"] },
  { displayName: "Exchange admin center", groups: ["MicrosoftAdminPortals"] },
  { displayName: "Microsoft 365 admin center", groups: ["MicrosoftAdminPortals"] },
  { displayName: "Microsoft 365 Defender portal", groups: ["MicrosoftAdminPortals"] },
  { displayName: "Microsoft Intune admin center", groups: ["MicrosoftAdminPortals"] },
  { displayName: "Microsoft Purview portal", groups: ["MicrosoftAdminPortals"] },
  { displayName: "Microsoft Teams admin center", groups: ["MicrosoftAdminPortals"] },
  { displayName: "Microsoft Intune Enrollment", appId: "d4ebce55-015a-49b5-a083-c84d1797ae8c", groups: ["IntuneEnrollment"] },
];

const byAppId = new Map(MICROSOFT_APPS.filter((a) => a.appId).map((a) => [a.appId!.toLowerCase(), a]));

/** The Microsoft application with this application (client) ID, if idac knows it. */
export function microsoftAppById(appId: string): MicrosoftApp | undefined {
  return byAppId.get(appId.toLowerCase());
}

/** The Microsoft application with this display name or alias (case-insensitive), if idac knows it. */
export function microsoftAppByName(name: string): MicrosoftApp | undefined {
  const n = name.toLowerCase();
  return MICROSOFT_APPS.find((a) => a.displayName.toLowerCase() === n || a.aliases?.some((x) => x.toLowerCase() === n));
}

/** The keyword groups an application (client) ID belongs to: none for an application Microsoft does not list. */
export function groupsOfAppId(appId: string | undefined): readonly MicrosoftAppGroup[] {
  return appId === undefined ? [] : (microsoftAppById(appId)?.groups ?? []);
}
