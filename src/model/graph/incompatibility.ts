/**
 * Segregation of duties enforced when someone requests access: SoD rules with `enforcement: incompatible` ⇄ the
 * `incompatibleAccessPackages` and `incompatibleGroups` of access packages (Microsoft Graph v1.0 accessPackage).
 * Entra refuses a request for a package when the requestor already holds an incompatible package or is a member of
 * an incompatible group.
 * @see https://learn.microsoft.com/graph/api/accesspackage-post-incompatibleaccesspackage?view=graph-rest-1.0
 * @see https://learn.microsoft.com/graph/api/accesspackage-post-incompatiblegroup?view=graph-rest-1.0
 */

/** The Graph URL of one access package (relative to the API version). */
export const accessPackageUrl = (packageId: string) => `identityGovernance/entitlementManagement/accessPackages/${packageId}`;

/** `@odata.id` of an access package in a `$ref` body: the absolute v1.0 URL. */
export const accessPackageOdataId = (packageId: string) => `https://graph.microsoft.com/v1.0/${accessPackageUrl(packageId)}`;
