import { Construct } from "constructs";
import { DataResource } from "cdktf";
import type { z } from "zod";
import { compileScopeRule } from "../model/graph/lifecycle-scope";
import { lifecycleWorkflowBody, workflowReplacementKey } from "../model/graph/lifecycle-workflow";
import type { LifecycleWorkflow as LifecycleWorkflowEntry } from "../model/model";
import { DEFAULT_DOMAIN } from "../resolve/resolve";
import { LifecycleWorkflow as LifecycleWorkflowSchema } from "../schema/catalog";
import { contextOf } from "./context";
import { MsgraphResource, type GraphBody } from "./private/msgraph";
import { addProblem, parseProps, RESOLVED, type MaybeResolved } from "./private/props";
import { currentLogicalId, identify } from "./private/previous-ids";
import { terraformJson } from "./private/terraform-text";

type Input = z.input<typeof LifecycleWorkflowSchema>;

export interface LifecycleWorkflowProps extends MaybeResolved<LifecycleWorkflowEntry> {
  /** Display name in Entra; the environment's name prefix is added. */
  readonly displayName: string;
  readonly description: string;
  /** joiner, mover or leaver. Changing it replaces the workflow. */
  readonly category: Input["category"];
  /** `daysBeforeHire` (joiner), `daysBeforeLeave` / `daysAfterLeave` (leaver) or `attributesChanged` (mover). */
  readonly trigger: Input["trigger"];
  /** Who the workflow runs for: HR conditions, as for dynamic groups. */
  readonly when: Input["when"];
  /** Built-in tasks, in the order they run (at most 25). */
  readonly tasks: Input["tasks"];
  /** @default true */
  readonly enabled?: boolean;
  /** Run on Lifecycle Workflows' schedule. @default true */
  readonly scheduled?: boolean;
  /** IDs the workflow had before, most recent first: moved blocks keep its state. @default none */
  readonly previousIds?: Input["previousIds"];
  /** ID of an existing workflow to adopt (a Terraform import block). @default none: a new one is created */
  readonly importFrom?: string;
}

const WORKFLOWS_URL = "identityGovernance/lifecycleWorkflows/workflows";

/**
 * A Lifecycle Workflows workflow (Microsoft Entra ID Governance), as an `msgraph_resource`.
 *
 * Graph updates only a workflow's name, description and switches in place; its tasks and execution conditions
 * change through a new version, and its category never. idac replaces the workflow when any of those change: a
 * `terraform_data` holds their fingerprint and the workflow is `replace_triggered_by` it. The replaced workflow's
 * run history stays in Entra's deleted workflows (Entra keeps them 30 days).
 * @see https://learn.microsoft.com/graph/api/resources/identitygovernance-workflow
 */
export class LifecycleWorkflow extends Construct {
  static fromModel(scope: Construct, workflow: LifecycleWorkflowEntry): LifecycleWorkflow {
    return new LifecycleWorkflow(scope, workflow.id, { ...workflow.spec, [RESOLVED]: workflow });
  }

  /** The catalog ID: decides the Terraform address (`msgraph_resource.lifecycle_workflow__<id>`). */
  public readonly catalogId: string;
  public readonly workflowId: string;

  /** @param id the catalog ID; the construct's node is `lifecycle-workflow-<id>` */
  constructor(scope: Construct, id: string, props: LifecycleWorkflowProps) {
    super(scope, `lifecycle-workflow-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const workflow =
      props[RESOLVED] ??
      parseProps(this, LifecycleWorkflowSchema, { ...props, id }, (spec, source) => {
        const compiled = compileScopeRule(spec.when);
        if ("error" in compiled) return { entry: undefined, problems: [`when.${compiled.attribute}: ${compiled.error}`] };
        return { entry: { id, spec, domain: DEFAULT_DOMAIN, source, scopeRule: compiled.rule }, problems: [] };
      });
    if (!workflow) {
      this.workflowId = "";
      return;
    }
    const missing = workflow.spec.tasks.flatMap((t) => t.groups ?? []).filter((g) => !ctx.registry.has("group", g));
    if (missing.length) {
      addProblem(this, `groups ${missing.map((g) => `'${g}'`).join(", ")} are not declared in this environment`);
      this.workflowId = "";
      return;
    }
    const body = lifecycleWorkflowBody(workflow, ctx.view.displayName(workflow.spec.displayName), { group: (g) => ctx.registry.get("group", g) });
    const version = new DataResource(this, currentLogicalId("lifecycleWorkflowVersion", workflow), { input: terraformJson(workflowReplacementKey(body)) });
    identify(version, ctx.refactoring, "lifecycleWorkflowVersion", workflow);
    const resource = new MsgraphResource(this, currentLogicalId("lifecycleWorkflow", workflow), {
      url: WORKFLOWS_URL,
      apiVersion: "v1.0",
      body: body as unknown as GraphBody,
      responseExportValues: { id: "id" },
      lifecycle: { replaceTriggeredBy: [version] },
    });
    identify(resource, ctx.refactoring, "lifecycleWorkflow", workflow);
    if (workflow.spec.importFrom) resource.importFrom(`/${WORKFLOWS_URL}/${workflow.spec.importFrom.toLowerCase()}`);
    this.workflowId = resource.resourceId;
    ctx.registry.set("lifecycleWorkflow", workflow.id, this.workflowId);
  }
}
