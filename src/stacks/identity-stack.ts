import { AzurermBackend, LocalBackend, TerraformStack, type TerraformBackend } from "cdktf";
import type { Construct } from "constructs";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { provideContext, type ConstructContext } from "../constructs/context";
import { Principals } from "../constructs/principals";
import { Refactoring } from "../constructs/refactoring";
import type { Registry } from "../constructs/registry";
import type { EnvironmentView } from "../model/environment";
import type { StackPlan } from "../model/stacks";

/** The azuread provider release the bindings were generated for; the synthesized config pins it. */
export const AZUREAD_PROVIDER_CONSTRAINT = "~> 3.7.0";
export const TERRAFORM_VERSION_CONSTRAINT = ">= 1.5.0";
/** Default local state file of a stack, relative to its folder `cdktf.out/stacks/<stack>`. */
export const LOCAL_STATE_PATH = "../../../.idac-state/{stack}.tfstate";

/**
 * A Terraform stack of one environment: the azuread provider pinned to 3.7.x and configured for the
 * environment's tenant, the environment's state backend (one state per stack), and a {@link Principals}
 * resolver for people and applications referenced in the stack. idac constructs created inside it find the
 * environment (name prefix, break-glass accounts, UPN domains) and the other stacks' objects through it.
 */
export class IdentityStack extends TerraformStack {
  public readonly context: ConstructContext;
  private readonly backend: TerraformBackend;

  /** @param roleGroupScope where business roles put their role groups (the environment's groups stack) */
  constructor(
    scope: Construct,
    public readonly plan: StackPlan,
    view: EnvironmentView,
    registry: Registry,
    roleGroupScope?: () => Construct | undefined,
  ) {
    super(scope, plan.name);
    const env = view.environment.spec;
    new AzureadProvider(this, "azuread", { tenantId: env.tenantId });
    this.addOverride("terraform.required_providers.azuread.version", AZUREAD_PROVIDER_CONSTRAINT);
    this.addOverride("terraform.required_version", TERRAFORM_VERSION_CONSTRAINT);
    const backend = env.backend;
    if (backend.type === "local") {
      // The path is relative to the stack's folder and the same depth for every stack, so another stack's remote
      // state lookup (which reuses it) finds the file; it lies outside cdktf.out/, which synth replaces.
      this.backend = new LocalBackend(this, { path: (backend.path ?? LOCAL_STATE_PATH).replaceAll("{stack}", plan.name) });
    } else {
      this.backend = new AzurermBackend(this, {
        ...(backend.subscriptionId ? { subscriptionId: backend.subscriptionId } : {}),
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: `${backend.keyPrefix}${plan.name}.tfstate`,
        tenantId: env.tenantId,
        useAzureadAuth: backend.useAzureadAuth,
        useOidc: backend.useOidc,
      });
    }
    // Values of objects in other stacks come back as references within this stack (see Registry.at).
    const local = registry.at(this);
    const principals = new Principals(this, "principals", view, local);
    const refactoring = new Refactoring();
    this.context = {
      view,
      registry: local,
      principals,
      refactoring,
      get roleGroupScope() {
        return roleGroupScope?.();
      },
    };
    provideContext(this, this.context);
  }

  /**
   * The stack's backend, the one made with it. cdktf looks for it through every construct of the stack each time
   * another stack first reads from this one (a large part of synthesizing a tenant of many stacks); it finds this one
   * first, as it is made before anything else that could hold one, and a stack holds only one (its ID is `backend`).
   */
  override ensureBackendExists(): TerraformBackend {
    return this.backend;
  }

  /** Writes what was collected while building (moved and removed blocks) into the configuration. */
  finish(): void {
    this.context.refactoring.applyTo(this);
  }
}
