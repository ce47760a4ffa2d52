import type * as Graph from "@microsoft/microsoft-graph-types";
import type { z } from "zod";
import type { AuthenticationStrength as StrengthEntry } from "../../model/model";
import { AUTHENTICATION_COMBINATIONS, type AuthenticationStrength } from "../../schema/catalog";
import type { HowCompared } from "../compare";
import type { GraphExport } from "../graph";
import { sorted, type GraphView } from "./context";

/**
 * Custom authentication strengths between Microsoft Graph and the catalog, both directions side by side (the built-in
 * strengths exist in every tenant and are referred to by name).
 * @see https://learn.microsoft.com/graph/api/resources/authenticationstrengthpolicy
 */

export type GraphAuthenticationStrength = GraphExport["authenticationStrengthPolicies"][number];
export type AuthenticationStrengthFields = Omit<z.input<typeof AuthenticationStrength>, "id" | "importFrom">;

/** The provider writes the whole strength; it has no attribute for combination configurations. */
export const AUTHENTICATION_STRENGTH_COMPARED: HowCompared = {
  strict: true,
  providerLimit: (path) =>
    path.startsWith("combinationConfigurations")
      ? "azuread 3.7.0's azuread_authentication_strength_policy has no attribute for combination configurations (allowed FIDO2 keys, certificate issuers)"
      : undefined,
};

export function authenticationStrengthToGraph(s: Pick<StrengthEntry, "id" | "spec">, view: GraphView): Graph.AuthenticationStrengthPolicy {
  return {
    id: view.objectId("authenticationStrength", s.id),
    displayName: view.displayName(s.spec.displayName),
    description: s.spec.description ?? null,
    policyType: "custom",
    requirementsSatisfied: "mfa",
    allowedCombinations: sorted(s.spec.allowedCombinations) as Graph.AuthenticationMethodModes[],
  };
}

/** A Graph custom strength as a catalog entry, or why it cannot be one. */
export function authenticationStrengthFromGraph(
  s: GraphAuthenticationStrength,
  name: (displayName: string) => string,
): { entry: AuthenticationStrengthFields } | { skip: string } {
  const unknown = s.allowedCombinations.filter((c) => !(AUTHENTICATION_COMBINATIONS as readonly string[]).includes(c));
  if (unknown.length) return { skip: `combination(s) the azuread provider does not accept: ${unknown.join(", ")}` };
  return {
    entry: {
      displayName: name(s.displayName),
      description: s.description ?? undefined,
      allowedCombinations: sorted(s.allowedCombinations) as (typeof AUTHENTICATION_COMBINATIONS)[number][],
    },
  };
}
