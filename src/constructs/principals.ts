import { Construct } from "constructs";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { DataAzureadUser } from "@cdktf/provider-azuread/lib/data-azuread-user";
import { logicalId, userLogicalId } from "../model/addresses";
import type { EnvironmentView } from "../model/environment";
import type { ApplicationSpec } from "../schema/catalog";
import { GUID_RE } from "../schema/primitives";
import type { Registry } from "./registry";
import { terraformText } from "./private/terraform-text";

/** An approver, reviewer or activation approver as the provider's blocks need it. */
export type ResolvedApprover =
  | { readonly kind: "manager" }
  | { readonly kind: "sponsors" }
  | { readonly kind: "user"; readonly objectId: string }
  | { readonly kind: "group"; readonly objectId: string };

/**
 * Resolves people and existing enterprise applications in one stack. People given by UPN become `azuread_user`
 * data sources (looked up when Terraform plans, so a misspelt or departed UPN fails the plan loudly); object IDs
 * are used as they are. One data source per person per stack, whatever the number of references.
 */
export class Principals extends Construct {
  private readonly users = new Map<string, DataAzureadUser>();
  private readonly servicePrincipals = new Map<string, DataAzureadServicePrincipal>();

  constructor(
    scope: Construct,
    id: string,
    private readonly view: EnvironmentView,
    private readonly registry: Registry,
  ) {
    super(scope, id);
  }

  /** Object ID of a person (UPN or object ID). */
  userObjectId(ref: string): string {
    const person = this.view.person(ref);
    if (GUID_RE.test(person)) return person;
    let data = this.users.get(person);
    if (!data) {
      data = new DataAzureadUser(this, userLogicalId(person), { userPrincipalName: terraformText(person) });
      data.overrideLogicalId(userLogicalId(person));
      this.users.set(person, data);
    }
    return data.objectId;
  }

  /** Object IDs of several people, in a stable order (sorted by reference) without duplicates. */
  userObjectIds(refs: readonly string[]): string[] {
    return [...new Set(refs.map((r) => this.view.person(r)))].sort().map((r) => this.userObjectId(r));
  }

  /** Object ID of the service principal of an existing enterprise application. */
  servicePrincipalObjectId(app: { id: string; spec: ApplicationSpec }): string {
    let data = this.servicePrincipals.get(app.id);
    if (!data) {
      const id = logicalId("servicePrincipal", app.id);
      data = new DataAzureadServicePrincipal(this, id, { clientId: app.spec.clientId });
      data.overrideLogicalId(id);
      this.servicePrincipals.set(app.id, data);
    }
    return data.objectId;
  }

  /** `manager`, a person, or `group:<id>`. */
  approver(ref: string): ResolvedApprover {
    if (ref === "manager") return { kind: "manager" };
    if (ref === "sponsors") return { kind: "sponsors" };
    if (ref.startsWith("group:")) return { kind: "group", objectId: this.registry.get("group", ref.slice("group:".length)) };
    return { kind: "user", objectId: this.userObjectId(ref) };
  }
}
