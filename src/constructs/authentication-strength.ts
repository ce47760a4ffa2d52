import { Construct } from "constructs";
import { AuthenticationStrengthPolicy } from "@cdktf/provider-azuread/lib/authentication-strength-policy";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import type { AuthenticationStrength } from "../model/model";
import type { ConstructContext } from "./context";
import { BUILT_IN_STRENGTH_GUIDS } from "../model/graph-values";

/** Built-in authentication strengths, as the policy path conditional access grant controls expect. */
export const BUILT_IN_STRENGTH_POLICY_IDS: Record<string, string> = Object.fromEntries(
  Object.entries(BUILT_IN_STRENGTH_GUIDS).map(([name, guid]) => [name, `/policies/authenticationStrengthPolicies/${guid}`]),
);

/** A custom authentication strength: the combinations of methods that satisfy it. */
export class AuthenticationStrengthConstruct extends Construct {
  static fromModel(scope: Construct, strength: AuthenticationStrength, ctx: ConstructContext): AuthenticationStrengthConstruct {
    return new AuthenticationStrengthConstruct(scope, `authentication-strength-${strength.id}`, strength, ctx);
  }

  /** The strength's ID in the policy path form CA grant controls take. */
  public readonly authenticationStrengthPolicyId: string;

  constructor(scope: Construct, id: string, strength: AuthenticationStrength, ctx: ConstructContext) {
    super(scope, id);
    const name = currentLogicalId("authenticationStrength", strength);
    const resource = new AuthenticationStrengthPolicy(this, name, {
      displayName: ctx.view.displayName(strength.spec.displayName),
      ...(strength.spec.description ? { description: strength.spec.description } : {}),
      allowedCombinations: [...new Set(strength.spec.allowedCombinations)].sort(),
      lifecycle: { preventDestroy: true },
    });
    identify(resource, ctx.refactoring, "authenticationStrength", strength);
    adopt(resource, strength);
    this.authenticationStrengthPolicyId = resource.id;
    ctx.registry.set("authenticationStrength", strength.id, this.authenticationStrengthPolicyId);
  }
}
