import { Construct } from "constructs";
import type { z } from "zod";
import { authenticationMethodsUpdates } from "../model/graph/authentication-methods";
import type { AuthenticationMethodsPolicy as PolicyEntry } from "../model/model";
import { DEFAULT_DOMAIN } from "../resolve/resolve";
import { AuthenticationMethodsPolicy as PolicySchema } from "../schema/catalog";
import { contextOf } from "./context";
import { MsgraphUpdateResource, type GraphBody } from "./private/msgraph";
import { addProblem, parseProps, RESOLVED, type MaybeResolved } from "./private/props";
import { currentLogicalId } from "./private/previous-ids";

type Input = z.input<typeof PolicySchema>;

/** Each method left out is not managed: it keeps whatever the tenant has. */
export interface AuthenticationMethodsPolicyProps extends MaybeResolved<PolicyEntry> {
  /** Passkeys and FIDO2 security keys. @default not managed */
  readonly passkeys?: Input["passkeys"];
  /** Microsoft Authenticator (number matching is always on). @default not managed */
  readonly microsoftAuthenticator?: Input["microsoftAuthenticator"];
  /** Temporary access pass: lifetime and one-time use. @default not managed */
  readonly temporaryAccessPass?: Input["temporaryAccessPass"];
  /** Text message codes. @default not managed */
  readonly sms?: Input["sms"];
  /** Voice calls. @default not managed */
  readonly voice?: Input["voice"];
  /** Microsoft Authenticator registration campaign. @default not managed */
  readonly registrationCampaign?: Input["registrationCampaign"];
}

/**
 * The tenant's authentication methods policy: one `msgraph_update_resource` per method configuration (and one for
 * the registration campaign). Entra creates these objects and they cannot be deleted: removing the construct leaves
 * the last applied settings in place.
 * @see https://learn.microsoft.com/graph/api/resources/authenticationmethodspolicy
 */
export class AuthenticationMethodsPolicy extends Construct {
  static fromModel(scope: Construct, policy: PolicyEntry): AuthenticationMethodsPolicy {
    return new AuthenticationMethodsPolicy(scope, policy.id, { ...policy.spec, [RESOLVED]: policy });
  }

  public readonly catalogId: string;

  /** @param id the catalog ID; the construct's node is `authentication-methods-<id>` */
  constructor(scope: Construct, id: string, props: AuthenticationMethodsPolicyProps) {
    super(scope, `authentication-methods-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const policy =
      props[RESOLVED] ??
      parseProps(this, PolicySchema, { ...props, id }, (spec, source) => ({ entry: { id, spec, domain: DEFAULT_DOMAIN, source }, problems: [] }));
    if (!policy) return;
    const groups = (["passkeys", "microsoftAuthenticator", "temporaryAccessPass", "sms", "voice", "registrationCampaign"] as const).flatMap((k) => [
      ...(policy.spec[k]?.groups ?? []),
      ...(policy.spec[k]?.excludeGroups ?? []),
    ]);
    const missing = [...new Set(groups)].filter((g) => !ctx.registry.has("group", g));
    if (missing.length) {
      addProblem(this, `groups ${missing.map((g) => `'${g}'`).join(", ")} are not declared in this environment`);
      return;
    }
    for (const update of authenticationMethodsUpdates(policy, { group: (g) => ctx.registry.get("group", g) })) {
      // The address names the method, not the catalog ID: there is one policy per tenant, whatever the entry is called.
      const name = currentLogicalId("authenticationMethod", update.target === "policy" ? "policy" : update.target.toLowerCase());
      const resource = new MsgraphUpdateResource(this, name, { url: update.url, apiVersion: "v1.0", body: update.body as GraphBody });
      resource.overrideLogicalId(name);
    }
  }
}
