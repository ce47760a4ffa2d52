import { Construct } from "constructs";
import type { z } from "zod";
import { AuthenticationStrengthPolicy } from "@cdktf/provider-azuread/lib/authentication-strength-policy";
import { BUILT_IN_STRENGTH_GUIDS } from "../model/graph-values";
import type { AuthenticationStrength as AuthenticationStrengthEntry } from "../model/model";
import { DEFAULT_DOMAIN } from "../resolve/resolve";
import { AuthenticationStrength as AuthenticationStrengthSchema, BUILT_IN_STRENGTHS } from "../schema/catalog";
import { contextOf } from "./context";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import { parseProps, RESOLVED, type MaybeResolved } from "./private/props";
import { terraformText } from "./private/terraform-text";

type Input = z.input<typeof AuthenticationStrengthSchema>;

/** Built-in authentication strengths, as the policy path conditional access grant controls expect. */
export const BUILT_IN_STRENGTH_POLICY_IDS: Record<string, string> = Object.fromEntries(
  Object.entries(BUILT_IN_STRENGTH_GUIDS).map(([name, guid]) => [name, `/policies/authenticationStrengthPolicies/${guid}`]),
);

export interface AuthenticationStrengthProps extends MaybeResolved<AuthenticationStrengthEntry> {
  /** Display name in Entra; the environment's name prefix is added. */
  readonly displayName: string;
  /** @default no description */
  readonly description?: string;
  /** Method combinations that satisfy the strength, e.g. `"fido2"`, `"windowsHelloForBusiness"`; at least one. */
  readonly allowedCombinations: Input["allowedCombinations"];
  /** IDs the strength had before, most recent first: moved blocks keep its state. @default none */
  readonly previousIds?: Input["previousIds"];
  /** ID of an existing custom strength to adopt (a Terraform import block). @default none: a new one is created */
  readonly importFrom?: string;
}

/**
 * A custom authentication strength: the combinations of methods that satisfy it. Protected from destroy.
 * @see https://learn.microsoft.com/entra/identity/authentication/concept-authentication-strengths
 */
export class AuthenticationStrength extends Construct {
  static fromModel(scope: Construct, strength: AuthenticationStrengthEntry): AuthenticationStrength {
    return new AuthenticationStrength(scope, strength.id, { ...strength.spec, [RESOLVED]: strength });
  }

  /** The catalog ID: decides the Terraform address (`azuread_authentication_strength_policy.auth_strength__<id>`). */
  public readonly catalogId: string;
  /** The strength's ID in the policy path form CA grant controls take. */
  public readonly authenticationStrengthPolicyId: string;

  /** @param id the catalog ID (not a built-in strength's name); the construct's node is `authentication-strength-<id>` */
  constructor(scope: Construct, id: string, props: AuthenticationStrengthProps) {
    super(scope, `authentication-strength-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const strength =
      props[RESOLVED] ??
      parseProps(this, AuthenticationStrengthSchema, { ...props, id }, (spec, source) => ({
        entry: { id, spec, domain: DEFAULT_DOMAIN, source },
        problems: (BUILT_IN_STRENGTHS as readonly string[]).includes(id)
          ? [`'${id}' is the name of a built-in authentication strength; give the custom strength another ID.`]
          : [],
      }));
    if (!strength) {
      this.authenticationStrengthPolicyId = "";
      return;
    }
    const resource = new AuthenticationStrengthPolicy(this, currentLogicalId("authenticationStrength", strength), {
      displayName: terraformText(ctx.view.displayName(strength.spec.displayName)),
      ...(strength.spec.description ? { description: terraformText(strength.spec.description) } : {}),
      allowedCombinations: [...new Set(strength.spec.allowedCombinations)].sort(),
      lifecycle: { preventDestroy: true },
    });
    identify(resource, ctx.refactoring, "authenticationStrength", strength);
    adopt(resource, strength);
    this.authenticationStrengthPolicyId = resource.id;
    ctx.registry.set("authenticationStrength", strength.id, this.authenticationStrengthPolicyId);
    if (!props[RESOLVED]) ctx.registry.setEntry("authenticationStrength", strength, this);
  }
}
