import { z } from "zod";
import { HrConditions } from "./hr-conditions";
import { CatalogId, Description, DisplayName, MultiLineText, SingleLineText } from "./primitives";

/**
 * Built-in Lifecycle Workflows tasks idac can configure, by the name the catalog uses. Their task definition IDs and
 * argument names live in src/model/graph/lifecycle-tasks.ts.
 * @see https://learn.microsoft.com/graph/identitygovernance-lifecycleworkflows-task-arguments
 */
export const LIFECYCLE_TASKS = [
  "enableUserAccount",
  "sendWelcomeEmail",
  "sendOnboardingReminderEmail",
  "generateTemporaryAccessPass",
  "addUserToGroups",
  "removeUserFromGroups",
  "sendManagerMoveEmail",
  "sendEmailBeforeLastDay",
  "sendEmailOnLastDay",
  "sendOffboardingEmailToManager",
  "disableUserAccount",
  "removeUserFromAllGroups",
  "removeUserFromAllTeams",
  "removeAllLicenses",
  "removeAllAccessPackageAssignments",
  "cancelPendingAccessPackageRequests",
  "deleteUser",
] as const;
export type LifecycleTaskName = (typeof LIFECYCLE_TASKS)[number];

export const LIFECYCLE_CATEGORIES = ["joiner", "mover", "leaver"] as const;
export type LifecycleCategory = (typeof LIFECYCLE_CATEGORIES)[number];

/**
 * User attributes whose change can start a mover workflow (attributeChangeTrigger), in catalog names (the HR
 * attribute names dynamic groups use).
 */
export const MOVER_ATTRIBUTES = ["department", "jobTitle", "companyName", "employeeType", "officeLocation", "country", "city", "state"] as const;

const EmailText = {
  subject: SingleLineText.min(1).max(200).optional().describe("Custom subject; Microsoft's default text when left out."),
  body: MultiLineText.min(1).max(4000).optional().describe("Custom body; Microsoft's default text when left out."),
  locale: z
    .string()
    .regex(/^[a-z]{2}(?:-[a-z]{2})?$/, { error: "expected a language such as en-us" })
    .optional()
    .describe("Language of the email, e.g. en-us; default the recipient's."),
};

/** One task of a workflow: a built-in task and its arguments. */
export const LifecycleTask = z.strictObject({
  task: z.enum(LIFECYCLE_TASKS).describe("A built-in Lifecycle Workflows task (see docs/governance.md for the list)."),
  enabled: z.boolean().default(true),
  continueOnError: z.boolean().default(false).describe("Run the next tasks when this one fails."),
  groups: z.array(CatalogId).min(1).max(20).optional().describe("For addUserToGroups and removeUserFromGroups: catalog group IDs."),
  onPremises: z
    .boolean()
    .optional()
    .describe("For enableUserAccount, disableUserAccount and deleteUser: also act on accounts synchronised from Active Directory."),
  tapLifetimeMinutes: z
    .number()
    .int()
    .min(10)
    .max(43000)
    .optional()
    .describe("For generateTemporaryAccessPass: how long the pass works, in minutes (10 to 43000)."),
  tapOneTimeUse: z.boolean().optional().describe("For generateTemporaryAccessPass: the pass works for one sign-in only."),
  ...EmailText,
});
export type LifecycleTaskSpec = z.infer<typeof LifecycleTask>;

/** Which arguments each task takes; any other argument is an error naming the task. */
export const TASK_ARGUMENTS: Readonly<Record<LifecycleTaskName, readonly (keyof LifecycleTaskSpec)[]>> = {
  enableUserAccount: ["onPremises"],
  sendWelcomeEmail: ["subject", "body", "locale"],
  sendOnboardingReminderEmail: ["subject", "body", "locale"],
  generateTemporaryAccessPass: ["tapLifetimeMinutes", "tapOneTimeUse"],
  addUserToGroups: ["groups"],
  removeUserFromGroups: ["groups"],
  sendManagerMoveEmail: ["subject", "body", "locale"],
  sendEmailBeforeLastDay: ["subject", "body", "locale"],
  sendEmailOnLastDay: ["subject", "body", "locale"],
  sendOffboardingEmailToManager: ["subject", "body", "locale"],
  disableUserAccount: ["onPremises"],
  removeUserFromAllGroups: [],
  removeUserFromAllTeams: [],
  removeAllLicenses: [],
  removeAllAccessPackageAssignments: [],
  cancelPendingAccessPackageRequests: [],
  deleteUser: ["onPremises"],
};

/** Arguments a task cannot run without. */
export const REQUIRED_TASK_ARGUMENTS: Readonly<Partial<Record<LifecycleTaskName, readonly (keyof LifecycleTaskSpec)[]>>> = {
  addUserToGroups: ["groups"],
  removeUserFromGroups: ["groups"],
  generateTemporaryAccessPass: ["tapLifetimeMinutes"],
};

/** Workflow categories each task belongs to (Microsoft's task definitions; a leaver task in a joiner workflow fails). */
export const TASK_CATEGORIES: Readonly<Record<LifecycleTaskName, readonly LifecycleCategory[]>> = {
  enableUserAccount: ["joiner", "leaver"],
  sendWelcomeEmail: ["joiner"],
  sendOnboardingReminderEmail: ["joiner"],
  generateTemporaryAccessPass: ["joiner"],
  addUserToGroups: ["joiner", "mover", "leaver"],
  removeUserFromGroups: ["joiner", "mover", "leaver"],
  sendManagerMoveEmail: ["mover"],
  sendEmailBeforeLastDay: ["leaver"],
  sendEmailOnLastDay: ["leaver"],
  sendOffboardingEmailToManager: ["leaver"],
  disableUserAccount: ["joiner", "leaver"],
  removeUserFromAllGroups: ["leaver"],
  removeUserFromAllTeams: ["leaver"],
  removeAllLicenses: ["leaver"],
  removeAllAccessPackageAssignments: ["leaver"],
  cancelPendingAccessPackageRequests: ["leaver"],
  deleteUser: ["leaver"],
};

/**
 * When the workflow runs: joiners some days before (or on) the hire date, leavers before, on or after the leave
 * date, movers when one of the listed attributes changes.
 */
export const LifecycleTrigger = z
  .strictObject({
    daysBeforeHire: z.number().int().min(0).max(180).optional().describe("Joiner: run this many days before employeeHireDate (0: on the day)."),
    daysBeforeLeave: z.number().int().min(1).max(180).optional().describe("Leaver: run this many days before employeeLeaveDateTime."),
    daysAfterLeave: z.number().int().min(0).max(180).optional().describe("Leaver: run this many days after employeeLeaveDateTime (0: on the day)."),
    attributesChanged: z
      .array(z.enum(MOVER_ATTRIBUTES))
      .min(1)
      .max(MOVER_ATTRIBUTES.length)
      .optional()
      .describe(`Mover: run when one of these attributes changes (${MOVER_ATTRIBUTES.join(", ")}).`),
  })
  .refine((t) => Object.values(t).filter((v) => v !== undefined).length === 1, {
    error: "give exactly one of daysBeforeHire (joiner), daysBeforeLeave or daysAfterLeave (leaver), attributesChanged (mover)",
  });

/** The fields of a lifecycle workflow entry (the catalog adds the shared lifecycle fields). */
export const LifecycleWorkflowShape = {
  id: CatalogId,
  displayName: DisplayName,
  description: Description,
  category: z.enum(LIFECYCLE_CATEGORIES).describe("joiner, mover or leaver. Changing it replaces the workflow (Graph cannot change a workflow's category)."),
  trigger: LifecycleTrigger,
  when: HrConditions.describe("Who the workflow runs for: HR attribute conditions (AND), written as for dynamic groups."),
  enabled: z.boolean().default(true),
  scheduled: z.boolean().default(true).describe("Run on Lifecycle Workflows' schedule (false: on demand only)."),
  tasks: z.array(LifecycleTask).min(1, { error: "a workflow runs at least one task" }).max(25, { error: "a workflow has at most 25 tasks" }),
};

type WorkflowFields = {
  category: LifecycleCategory;
  trigger: z.infer<typeof LifecycleTrigger>;
  tasks: LifecycleTaskSpec[];
  when: Record<string, unknown>;
  enabled: boolean;
  scheduled: boolean;
};

/** Checks that need the whole workflow: the trigger fits the category, each task fits the category and gets its arguments. */
export function checkLifecycleWorkflow(w: WorkflowFields, ctx: z.RefinementCtx): void {
  const t = w.trigger;
  const fits =
    (w.category === "joiner" && t.daysBeforeHire !== undefined) ||
    (w.category === "leaver" && (t.daysBeforeLeave !== undefined || t.daysAfterLeave !== undefined)) ||
    (w.category === "mover" && t.attributesChanged !== undefined);
  if (!fits) {
    const expected = { joiner: "daysBeforeHire", leaver: "daysBeforeLeave or daysAfterLeave", mover: "attributesChanged" }[w.category];
    ctx.addIssue({ code: "custom", path: ["trigger"], message: `a ${w.category} workflow is triggered by ${expected}` });
  }
  if (w.scheduled && !w.enabled)
    ctx.addIssue({ code: "custom", path: ["scheduled"], message: "a disabled workflow cannot run on schedule: set scheduled: false" });
  if (Object.values(w.when).every((v) => v === undefined)) {
    ctx.addIssue({ code: "custom", path: ["when"], message: "say who the workflow runs for with at least one HR condition, e.g. {employeeType: Employee}" });
  }
  w.tasks.forEach((task, i) => {
    if (!TASK_CATEGORIES[task.task].includes(w.category)) {
      ctx.addIssue({
        code: "custom",
        path: ["tasks", i, "task"],
        message: `${task.task} is not a ${w.category} task (Microsoft allows it in ${TASK_CATEGORIES[task.task].join(" and ")} workflows)`,
      });
    }
    const allowed = new Set<string>(["task", "enabled", "continueOnError", ...TASK_ARGUMENTS[task.task]]);
    for (const [key, value] of Object.entries(task)) {
      if (value !== undefined && !allowed.has(key)) {
        const takes = TASK_ARGUMENTS[task.task];
        ctx.addIssue({
          code: "custom",
          path: ["tasks", i, key],
          message: `${task.task} takes no ${key}${takes.length ? ` (it takes ${takes.join(", ")})` : " (it takes no arguments)"}`,
        });
      }
    }
    for (const key of REQUIRED_TASK_ARGUMENTS[task.task] ?? []) {
      if (task[key] === undefined) ctx.addIssue({ code: "custom", path: ["tasks", i], message: `${task.task} needs ${key}` });
    }
  });
}
