import type { LifecycleTaskName, LifecycleTaskSpec } from "../../schema/lifecycle-workflows";

/**
 * Microsoft's built-in Lifecycle Workflows tasks: task definition ID and the argument each catalog field becomes.
 * Hand-written from "Configure the arguments for built-in Lifecycle Workflow tasks" (the IDs are Microsoft's and the
 * same in every tenant; Graph compares them case-insensitively, the table keeps Microsoft's spelling).
 * @see https://learn.microsoft.com/graph/identitygovernance-lifecycleworkflows-task-arguments
 */
export const LIFECYCLE_TASK_DEFINITIONS: Readonly<
  Record<
    LifecycleTaskName,
    { readonly id: string; readonly displayName: string; readonly arguments: Readonly<Partial<Record<keyof LifecycleTaskSpec, string>>> }
  >
> = {
  enableUserAccount: { id: "6fc52c9d-398b-4305-9763-15f42c1676fc", displayName: "Enable user account", arguments: { onPremises: "enableOnPremisesAccount" } },
  sendWelcomeEmail: { id: "70b29d51-b59a-4773-9280-8841dfd3f2ea", displayName: "Send welcome email to new hire", arguments: EMAIL() },
  sendOnboardingReminderEmail: { id: "3C860712-2D37-42A4-928F-5C93935D26A1", displayName: "Send onboarding reminder email", arguments: EMAIL() },
  generateTemporaryAccessPass: {
    id: "1b555e50-7f65-41d5-b514-5894a026d10d",
    displayName: "Generate Temporary Access Pass and send via email to user's manager",
    arguments: { tapLifetimeMinutes: "tapLifetimeMinutes", tapOneTimeUse: "tapIsUsableOnce" },
  },
  addUserToGroups: { id: "22085229-5809-45e8-97fd-270d28d66910", displayName: "Add user to groups", arguments: { groups: "groupID" } },
  removeUserFromGroups: { id: "1953a66c-751c-45e5-8bfe-01462c70da3c", displayName: "Remove user from selected groups", arguments: { groups: "groupID" } },
  sendManagerMoveEmail: { id: "aab41899-9972-422a-9d97-f626014578b7", displayName: "Send email to notify manager of user move", arguments: EMAIL() },
  sendEmailBeforeLastDay: { id: "52853a3e-f4e5-4eb8-bb24-1ac09a1da935", displayName: "Send email to manager before user's last day", arguments: EMAIL() },
  sendEmailOnLastDay: { id: "9c0a1eaf-5bda-4392-9d9e-6e155bb57411", displayName: "Send email on user's last day", arguments: EMAIL() },
  sendOffboardingEmailToManager: {
    id: "6f22ddd4-b3a5-47a4-a846-0d7c201a49ce",
    displayName: "Send offboarding email to user's manager after their last day",
    arguments: EMAIL(),
  },
  disableUserAccount: {
    id: "1dfdfcc7-52fa-4c2e-bf3a-e3919cc12950",
    displayName: "Disable user account",
    arguments: { onPremises: "disableOnPremisesAccount" },
  },
  removeUserFromAllGroups: { id: "b3a31406-2a15-4c9a-b25b-a658fa5f07fc", displayName: "Remove user from all groups", arguments: {} },
  removeUserFromAllTeams: { id: "81f7b200-2816-4b3b-8c5d-dc556f07b024", displayName: "Remove user from all teams", arguments: {} },
  removeAllLicenses: { id: "8fa97d28-3e52-4985-b3a9-a1126f9b8b4e", displayName: "Remove all licenses for user", arguments: {} },
  removeAllAccessPackageAssignments: {
    id: "42ae2956-193d-4f39-be06-691b8ac4fa1d",
    displayName: "Remove all access package assignments for user",
    arguments: {},
  },
  cancelPendingAccessPackageRequests: {
    id: "498770d9-bab7-4e4c-b73d-5ded82a1d0b3",
    displayName: "Cancel pending access package assignment requests for user",
    arguments: {},
  },
  deleteUser: { id: "8d18588d-9ad3-4c0f-99d0-ec215f0e3dff", displayName: "Delete user", arguments: { onPremises: "deleteOnPremisesAccount" } },
};

function EMAIL(): Partial<Record<keyof LifecycleTaskSpec, string>> {
  return { subject: "customSubject", body: "customBody", locale: "locale" };
}

/** The catalog task whose definition has this ID (any case), if idac knows it. */
export function taskByDefinitionId(id: string): LifecycleTaskName | undefined {
  const lower = id.toLowerCase();
  return (Object.keys(LIFECYCLE_TASK_DEFINITIONS) as LifecycleTaskName[]).find((k) => LIFECYCLE_TASK_DEFINITIONS[k].id.toLowerCase() === lower);
}
