import type { ConditionalAccessPolicySpec } from "../schema/catalog";
import { isEveryTime } from "../schema/catalog";

type SignInFrequency = NonNullable<NonNullable<ConditionalAccessPolicySpec["session"]>["signInFrequency"]>;

/**
 * A sign-in frequency as Entra and the azuread provider spell it: every time, or a number of hours or days, each with
 * the factors asked again (primary and secondary by default). Shared by the construct and the expected tenant, so
 * both write the same.
 */
export interface SignInFrequencyParts {
  readonly interval: "everyTime" | "timeBased";
  /** Hours or days, for a time-based frequency. */
  readonly value?: number;
  readonly period?: "hours" | "days";
  readonly authenticationType: "primaryAndSecondaryAuthentication" | "secondaryAuthentication";
}

export function signInFrequencyOf(f: SignInFrequency): SignInFrequencyParts {
  const authenticationType = (typeof f === "object" ? f.authenticationType : undefined) ?? "primaryAndSecondaryAuthentication";
  if (isEveryTime(f)) return { interval: "everyTime", authenticationType };
  const timed = f as { hours: number } | { days: number };
  return "hours" in timed
    ? { interval: "timeBased", value: timed.hours, period: "hours", authenticationType }
    : { interval: "timeBased", value: timed.days, period: "days", authenticationType };
}
