export { AccessPackageCatalog, type AccessPackageCatalogProps } from "./access-package-catalog";
export { AccessReview, type AccessReviewProps } from "./access-review";
export { AdministrativeUnit, type AdministrativeUnitProps } from "./administrative-unit";
export { AuthenticationMethodsPolicy, type AuthenticationMethodsPolicyProps } from "./authentication-methods-policy";
export { AuthenticationStrength, BUILT_IN_STRENGTH_POLICY_IDS, type AuthenticationStrengthProps } from "./authentication-strength";
export { AutomaticAssignment, type AutomaticAssignmentProps } from "./automatic-assignment";
export {
  approverRef,
  BusinessRole,
  RoleGroup,
  roleGroupDisplayName,
  type ApprovalStageProps,
  type ApproverRef,
  type BusinessRoleProps,
  type RequestAssignmentProps,
} from "./business-role";
export { ConditionalAccessPolicy, type ConditionalAccessPolicyProps } from "./conditional-access-policy";
export { contextOf, provideContext, type ConstructContext } from "./context";
export { DirectoryRoleActivation } from "./directory-role-activation";
export { DirectoryRoleSetting, type DirectoryRoleSettingProps } from "./directory-role-setting";
export { LifecycleWorkflow, type LifecycleWorkflowProps } from "./lifecycle-workflow";
export { IncompatibleAccess, type IncompatibleAccessProps } from "./incompatible-access";
export { NamedLocation, type NamedLocationProps } from "./named-location";
export { PrivilegedRole, type PrivilegedRoleProps } from "./privileged-role";
export { SecurityGroup, type SecurityGroupProps } from "./security-group";
export type { CatalogEntryConstruct, Ref } from "./private/props";
