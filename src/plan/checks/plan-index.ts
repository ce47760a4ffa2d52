import type { PlanJson } from "../plan-json";
import { AZUREAD_TYPES_LONGEST_FIRST, GROUP_TYPES, idacKindOf } from "../idac-resources";
import { blockOf, boolAt, isValues, type Values } from "./values";

/** A resource a plan talks about, in the stack whose configuration declares it. */
export interface ResourceRef {
  readonly stack: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** `azuread_group.group__x` or `data.azuread_user.user__y`. */
  readonly address: string;
}

interface ConfigResource {
  readonly address: string;
  readonly type: string;
  readonly expressions: unknown;
  /** Whether the configuration gives the resource provisioners (commands run with the apply identity). */
  readonly hasProvisioners: boolean;
}

interface StackFacts {
  readonly config: Map<string, ConfigResource>;
  /** Output name → references of its expression. */
  readonly outputs: Map<string, string[]>;
  /** Known values by address: planned (after the change), else prior state. */
  readonly values: Map<string, Values>;
}

/** Resources that make a group matter when they refer to it: conditional access, PIM, role assignments, packages. */
const GUARDING_TYPES: ReadonlySet<string> = new Set([
  "azuread_conditional_access_policy",
  "azuread_group_role_management_policy",
  "azuread_privileged_access_group_eligibility_schedule",
  "azuread_privileged_access_group_assignment_schedule",
  "azuread_directory_role_assignment",
  "azuread_directory_role_eligibility_schedule_request",
  "azuread_access_package_assignment_policy",
  "azuread_access_package_resource_catalog_association",
]);

const REMOTE_STATE = /^data\.terraform_remote_state\.cross-stack-reference-input-([^.[\]]+)\.outputs\.([^.[\]]+)/;
const CROSS_STACK_OUTPUT = "cross-stack-output-";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the plans given to the gate say about resources beyond one change: the configuration's references
 * (`configuration.root_module.resources[].expressions[…].references`, and cdktf's cross-stack outputs read through
 * `terraform_remote_state`), and the known values of every resource (planned values, prior state, data sources read
 * at plan time). Logical IDs are unique within an environment, so a reference resolves across the stacks given.
 */
export class PlanIndex {
  private readonly stacks = new Map<string, StackFacts>();
  private readonly byId = new Map<string, ResourceRef>();
  private readonly guarded = new Map<string, string>();

  constructor(plans: readonly { stack: string; plan: PlanJson }[]) {
    for (const { stack, plan } of plans) this.stacks.set(stack, stackFacts(plan));
    for (const [stack, facts] of this.stacks) {
      for (const [address, values] of facts.values) {
        for (const key of ["object_id", "id"]) {
          const id = values[key];
          if (typeof id === "string" && GUID.test(id) && !this.byId.has(id.toLowerCase())) this.byId.set(id.toLowerCase(), refOf(stack, address));
        }
      }
    }
    for (const [stack, facts] of this.stacks) this.indexGuards(stack, facts);
  }

  /**
   * The configuration expression of an attribute: its references, and its constant value (templates stay text, and
   * catalog text keeps the `$${` and `%%{` escaping the synthesized JSON gives it; the planned values are un-escaped).
   */
  expression(stack: string, address: string, ...path: string[]): { references: string[]; constant?: unknown } | undefined {
    let current: unknown = this.stacks.get(stack)?.config.get(address)?.expressions;
    for (const key of path) {
      const block = blockOf(current);
      if (!block || !Object.hasOwn(block, key)) return undefined;
      current = block[key];
    }
    if (!isValues(current)) return undefined;
    const references = Array.isArray(current.references) ? current.references.filter((r): r is string => typeof r === "string") : [];
    return { references, ...(Object.hasOwn(current, "constant_value") ? { constant: current.constant_value } : {}) };
  }

  /** Whether a stack's configuration declares the resource with no provisioners (false when it is not declared at all). */
  declaredWithoutProvisioners(stack: string, address: string): boolean {
    const r = this.stacks.get(stack)?.config.get(address);
    return r !== undefined && !r.hasProvisioners;
  }

  /** Addresses of the resources of a type that a stack's configuration declares. */
  configAddresses(stack: string, type: string): string[] {
    return [...(this.stacks.get(stack)?.config.values() ?? [])].filter((r) => r.type === type).map((r) => r.address);
  }

  /** The resource an attribute refers to in the configuration, following cross-stack outputs to their stack. */
  referencedResource(stack: string, address: string, ...path: string[]): ResourceRef | undefined {
    for (const ref of this.expression(stack, address, ...path)?.references ?? []) {
      const resolved = resolveReference(stack, ref);
      if (resolved) return resolved;
    }
    return undefined;
  }

  /** Known values of a resource: in its own stack's plan, else in any plan given (for a cross-stack reference). */
  values(ref: Pick<ResourceRef, "stack" | "address">): Values | undefined {
    const own = this.stacks.get(ref.stack)?.values.get(ref.address);
    if (own) return own;
    for (const facts of this.stacks.values()) {
      const v = facts.values.get(ref.address);
      if (v) return v;
    }
    return undefined;
  }

  /** The resource or data source whose object ID this is, in any plan given. */
  byObjectId(id: string): ResourceRef | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /**
   * Whether a group is role-assignable: from its values in any plan given, else from the kind of its logical ID
   * (idac's PIM groups always are, business role groups never are); undefined when nothing says.
   */
  groupRoleAssignable(ref: ResourceRef): boolean | undefined {
    if (!GROUP_TYPES.has(ref.type)) return false;
    const known = boolAt(this.values(ref), "assignable_to_role");
    if (known !== undefined) return known;
    const kind = idacKindOf(ref.type, ref.name);
    return kind === "pimGroup" ? true : kind === "roleGroup" ? false : undefined;
  }

  /** Why a group matters to conditional access, PIM or access packages, or undefined when no plan says it does. */
  groupGuards(address: string): string | undefined {
    return this.guarded.get(address);
  }

  private indexGuards(stack: string, facts: StackFacts): void {
    const mark = (target: ResourceRef | undefined, why: string) => {
      if (target && GROUP_TYPES.has(target.type) && !this.guarded.has(target.address)) this.guarded.set(target.address, why);
    };
    for (const r of facts.config.values()) {
      if (!GUARDING_TYPES.has(r.type)) continue;
      for (const ref of allReferences(r.expressions)) mark(resolveReference(stack, ref), `referenced by ${r.address}`);
      for (const id of guids(facts.values.get(r.address))) mark(this.byObjectId(id), `referenced by ${r.address}`);
    }
    for (const [name, refs] of facts.outputs) {
      if (!name.startsWith(CROSS_STACK_OUTPUT)) continue;
      for (const ref of refs) mark(resolveReference(stack, ref), `read by another stack through its output ${name}`);
    }
  }
}

function stackFacts(plan: PlanJson): StackFacts {
  const root = blockOf(blockOf(plan.configuration)?.root_module);
  const config = new Map<string, ConfigResource>();
  for (const r of Array.isArray(root?.resources) ? root.resources : []) {
    if (isValues(r) && typeof r.address === "string" && typeof r.type === "string")
      config.set(r.address, {
        address: r.address,
        type: r.type,
        expressions: r.expressions,
        hasProvisioners: Array.isArray(r.provisioners) ? r.provisioners.length > 0 : r.provisioners !== undefined,
      });
  }
  const outputs = new Map<string, string[]>();
  for (const [name, o] of Object.entries(blockOf(root?.outputs) ?? {})) outputs.set(name, allReferences(blockOf(o)?.expression));
  const values = new Map<string, Values>();
  const fromState = (state: unknown) => {
    const resources = at2(state, "root_module", "resources");
    for (const r of Array.isArray(resources) ? resources : [])
      if (isValues(r) && typeof r.address === "string" && isValues(r.values)) values.set(r.address, r.values);
  };
  fromState(blockOf(blockOf(plan.prior_state)?.values));
  fromState(plan.planned_values);
  for (const rc of plan.resource_changes) {
    const v = rc.change.actions.includes("delete") && !rc.change.actions.includes("create") ? rc.change.before : rc.change.after;
    if (isValues(v)) values.set(rc.address, v);
  }
  return { config, outputs, values };
}

function at2(v: unknown, a: string, b: string): unknown {
  return blockOf(blockOf(v)?.[a])?.[b];
}

/** Every reference in a configuration expression tree. */
function allReferences(expr: unknown): string[] {
  if (Array.isArray(expr)) return expr.flatMap(allReferences);
  if (!isValues(expr)) return [];
  const own = Array.isArray(expr.references) ? expr.references.filter((r): r is string => typeof r === "string") : [];
  return [...own, ...Object.entries(expr).flatMap(([k, v]) => (k === "references" || k === "constant_value" ? [] : allReferences(v)))];
}

function guids(v: unknown): string[] {
  if (typeof v === "string") return GUID.test(v) ? [v] : [];
  if (Array.isArray(v)) return v.flatMap(guids);
  if (isValues(v)) return Object.values(v).flatMap(guids);
  return [];
}

function refOf(stack: string, address: string): ResourceRef {
  const data = address.startsWith("data.");
  const [type = "", name = ""] = (data ? address.slice(5) : address).split(".");
  return { stack, mode: data ? "data" : "managed", type, name, address };
}

/**
 * The resource a reference string names: `azuread_group.x.object_id` → `azuread_group.x`;
 * `data.azuread_user.u.object_id` → `data.azuread_user.u`; cdktf's
 * `data.terraform_remote_state.cross-stack-reference-input-<stack>.outputs.cross-stack-output-<type><name><attribute>`
 * → the resource in that stack. Variables, locals and other references name no resource.
 */
function resolveReference(stack: string, reference: string): ResourceRef | undefined {
  const remote = REMOTE_STATE.exec(reference);
  if (remote) return decodeCrossStackOutput(remote[1]!, remote[2]!);
  const parts = reference.replace(/\[[^\]]*\]/g, "").split(".");
  if (parts[0] === "data") return parts.length >= 3 && parts[1] !== "terraform_remote_state" ? refOf(stack, `data.${parts[1]}.${parts[2]}`) : undefined;
  if (["var", "local", "each", "count", "path", "module", "terraform", "self"].includes(parts[0] ?? "") || parts.length < 2) return undefined;
  return refOf(stack, `${parts[0]}.${parts[1]}`);
}

function decodeCrossStackOutput(stack: string, output: string): ResourceRef | undefined {
  if (!output.startsWith(CROSS_STACK_OUTPUT)) return undefined;
  const rest = output.slice(CROSS_STACK_OUTPUT.length);
  const type = AZUREAD_TYPES_LONGEST_FIRST.find((t) => rest.startsWith(t));
  if (!type) return undefined;
  const tail = rest.slice(type.length);
  const attribute = ["object_id", "template_id", "id"].find((a) => tail.endsWith(a) && tail.length > a.length);
  return attribute ? refOf(stack, `${type}.${tail.slice(0, -attribute.length)}`) : undefined;
}
