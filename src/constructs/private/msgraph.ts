import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack, Token, type TerraformMetaArguments } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { contextOf } from "../context";
import { terraformJson } from "./terraform-text";

/**
 * Hand-written bindings for the microsoft/msgraph Terraform provider, which manages any Microsoft Graph object
 * through its REST URL and a JSON body. idac uses it only for what azuread 3.7.0 has no resource for (access
 * review definitions, incompatible access packages and groups, lifecycle workflows, policies Entra creates).
 * Attribute names and types are those the provider documents at the pinned release
 * (docs/resources/resource.md, update_resource.md, resource_collection.md, data-sources/resource.md).
 * @see https://registry.terraform.io/providers/microsoft/msgraph/0.3.0/docs
 */

/** The exact provider release the bindings were written for; the synthesized configuration pins it. */
export const MSGRAPH_PROVIDER_VERSION = "0.3.0";
export const MSGRAPH_PROVIDER_SOURCE = "microsoft/msgraph";

const GENERATOR = { providerName: "msgraph", providerVersion: MSGRAPH_PROVIDER_VERSION, providerVersionConstraint: MSGRAPH_PROVIDER_VERSION };

/** The Graph API version a resource talks to. idac writes only documented v1.0 shapes. */
export type GraphApiVersion = "v1.0" | "beta";

/** A JSON request body. Strings may hold cdktf tokens (object IDs from other resources). */
export type GraphBody = { readonly [key: string]: GraphValue };
export type GraphValue = string | number | boolean | null | readonly GraphValue[] | GraphBody;

export interface MsgraphProviderConfig {
  /** The tenant the provider signs in to. */
  readonly tenantId?: string;
}

/** The `msgraph` provider block. Use {@link msgraphProviderOf}: a stack has at most one, created with its first msgraph resource. */
export class MsgraphProvider extends TerraformProvider {
  constructor(
    scope: Construct,
    id: string,
    private readonly config: MsgraphProviderConfig = {},
  ) {
    super(scope, id, { terraformResourceType: "msgraph", terraformGeneratorMetadata: GENERATOR, terraformProviderSource: MSGRAPH_PROVIDER_SOURCE });
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return { tenant_id: this.config.tenantId };
  }
}

const PROVIDER_ID = "msgraph";

/**
 * The msgraph provider of the stack `scope` is in, added (configured for the environment's tenant and pinned to
 * {@link MSGRAPH_PROVIDER_VERSION}) the first time a stack needs it, so stacks without msgraph resources are unchanged.
 */
export function msgraphProviderOf(scope: IConstruct): MsgraphProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(PROVIDER_ID);
  if (existing instanceof MsgraphProvider) return existing;
  const provider = new MsgraphProvider(stack, PROVIDER_ID, { tenantId: contextOf(scope).view.environment.spec.tenantId });
  stack.addOverride(`terraform.required_providers.msgraph.version`, MSGRAPH_PROVIDER_VERSION);
  return provider;
}

/** Attributes every msgraph resource and data source shares. */
interface MsgraphCommonConfig extends TerraformMetaArguments {
  /** Graph URL relative to the API version, without a leading slash, e.g. `identityGovernance/accessReviews/definitions`. */
  readonly url: string;
  /** @default "v1.0" (the provider's default; idac always writes it) */
  readonly apiVersion?: GraphApiVersion;
  /** Values to export from the response into `output`: name → JMESPath, e.g. `{ id: "id" }`. @default none */
  readonly responseExportValues?: Readonly<Record<string, string>>;
  /** Error messages (regular expressions) retried besides the provider's transient errors. @default none */
  readonly retryErrorMessageRegex?: readonly string[];
}

/** The body of a resource that writes a Graph object, and how it is written and compared. */
interface MsgraphBodyConfig extends MsgraphCommonConfig {
  /**
   * The request body: for `msgraph_resource` POSTed to `url` on create and PATCHed (or PUT) to `url/{id}` on update;
   * for `msgraph_update_resource` the properties set (PATCH, or PUT) on the object at `url`.
   */
  readonly body: GraphBody;
  /** @default "PATCH" */
  readonly updateMethod?: "PATCH" | "PUT";
  /**
   * Whether properties of `body` that Graph does not return are ignored when comparing (no plan diff).
   * @default true (the provider's default)
   */
  readonly ignoreMissingProperty?: boolean;
}

export type MsgraphResourceConfig = MsgraphBodyConfig;

/** `msgraph_resource`: a Graph object idac creates and deletes (POST to a collection URL), or one `$ref` link. */
export class MsgraphResource extends TerraformResource {
  static readonly tfResourceType = "msgraph_resource";

  constructor(
    scope: Construct,
    id: string,
    private readonly config: MsgraphResourceConfig,
  ) {
    super(scope, id, { ...metaArguments(config), terraformResourceType: MsgraphResource.tfResourceType, terraformGeneratorMetadata: GENERATOR });
    this.provider ??= msgraphProviderOf(this);
  }

  /** The object's ID (normally its GUID). */
  get resourceId(): string {
    return this.getStringAttribute("id");
  }

  /** A value exported with {@link MsgraphResourceConfig.responseExportValues}. */
  output(name: string): string {
    return this.getStringAttribute(`output.${name}`);
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return bodyAttributes(this.config);
  }
}

export type MsgraphUpdateResourceConfig = MsgraphBodyConfig;

/**
 * `msgraph_update_resource`: properties of an object Entra creates and nobody deletes (a tenant policy). Removing
 * it from the configuration changes nothing in Entra: the properties keep their last applied values.
 */
export class MsgraphUpdateResource extends TerraformResource {
  static readonly tfResourceType = "msgraph_update_resource";

  constructor(
    scope: Construct,
    id: string,
    private readonly config: MsgraphUpdateResourceConfig,
  ) {
    super(scope, id, { ...metaArguments(config), terraformResourceType: MsgraphUpdateResource.tfResourceType, terraformGeneratorMetadata: GENERATOR });
    this.provider ??= msgraphProviderOf(this);
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return bodyAttributes(this.config);
  }
}

export interface MsgraphResourceCollectionConfig extends MsgraphCommonConfig {
  /** A `$ref` collection URL, e.g. `groups/{id}/members/$ref`. Changing it replaces the resource. */
  readonly url: string;
  /**
   * Object IDs the collection holds, exactly: missing ones are added, others removed. The provider links each as
   * `…/directoryObjects/{id}`, so only directory objects (users, groups, service principals) can be listed.
   */
  readonly referenceIds: readonly string[];
  /** Leave the links in Graph when the resource is destroyed (their parent goes with them). @default false */
  readonly skipDestroy?: boolean;
}

/** `msgraph_resource_collection`: the whole content of a `$ref` collection of directory objects. */
export class MsgraphResourceCollection extends TerraformResource {
  static readonly tfResourceType = "msgraph_resource_collection";

  constructor(
    scope: Construct,
    id: string,
    private readonly config: MsgraphResourceCollectionConfig,
  ) {
    super(scope, id, { ...metaArguments(config), terraformResourceType: MsgraphResourceCollection.tfResourceType, terraformGeneratorMetadata: GENERATOR });
    if (!Token.isUnresolved(config.url) && !config.url.endsWith("/$ref"))
      throw new Error(`msgraph_resource_collection '${id}': url must end in /$ref (got ${config.url})`);
    this.provider ??= msgraphProviderOf(this);
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return { ...commonAttributes(this.config), reference_ids: [...this.config.referenceIds], skip_destroy: this.config.skipDestroy };
  }
}

export interface MsgraphResourceDataConfig extends MsgraphCommonConfig {
  /** Query parameters, e.g. `{ $filter: ["displayName eq 'x'"] }`. @default none */
  readonly queryParameters?: Readonly<Record<string, readonly string[]>>;
}

/** `data.msgraph_resource`: reads one Graph object or lists a collection. */
export class MsgraphResourceData extends TerraformDataSource {
  static readonly tfResourceType = "msgraph_resource";

  constructor(
    scope: Construct,
    id: string,
    private readonly config: MsgraphResourceDataConfig,
  ) {
    super(scope, id, { ...metaArguments(config), terraformResourceType: MsgraphResourceData.tfResourceType, terraformGeneratorMetadata: GENERATOR });
    this.provider ??= msgraphProviderOf(this);
  }

  /** A value exported with {@link MsgraphResourceDataConfig.responseExportValues}. */
  output(name: string): string {
    return this.getStringAttribute(`output.${name}`);
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return { ...commonAttributes(this.config), query_parameters: this.config.queryParameters };
  }
}

function bodyAttributes(config: MsgraphBodyConfig): { [name: string]: unknown } {
  return {
    ...commonAttributes(config),
    body: terraformJson(config.body),
    update_method: config.updateMethod,
    ignore_missing_property: config.ignoreMissingProperty,
  };
}

function metaArguments(config: TerraformMetaArguments): TerraformMetaArguments {
  const { dependsOn, count, provider, lifecycle, forEach } = config;
  return { dependsOn, count, provider, lifecycle, forEach };
}

function commonAttributes(config: MsgraphCommonConfig): Record<string, unknown> {
  return {
    url: config.url,
    api_version: config.apiVersion ?? "v1.0",
    response_export_values: config.responseExportValues,
    retry: config.retryErrorMessageRegex ? { error_message_regex: [...config.retryErrorMessageRegex] } : undefined,
  };
}
