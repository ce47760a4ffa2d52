import { at, blockOf, boolAt, show, stringAt, type Values } from "./values";

/** Hours between forced sign-ins: 0 for every time, undefined when the policy sets no sign-in frequency. */
function signInFrequencyHours(session: Values | undefined): number | undefined {
  if (!session) return undefined;
  if (stringAt(session, "sign_in_frequency_interval") === "everyTime") return 0;
  const n = at(session, "sign_in_frequency");
  if (typeof n !== "number" || n <= 0) return undefined;
  return stringAt(session, "sign_in_frequency_period") === "days" ? n * 24 : n;
}

function frequencyText(hours: number | undefined): string {
  if (hours === undefined) return "(none)";
  if (hours === 0) return "every time";
  return hours % 24 === 0 ? `${hours / 24} day(s)` : `${hours} hour(s)`;
}

/**
 * How session controls loosen: sign-in frequency longer or removed, persistent browser no longer `never`,
 * application-enforced restrictions or cloud app security removed or changed, resilience defaults re-enabled.
 */
export function sessionLoosening(before: Values, after: Values): string[] {
  const b = blockOf(at(before, "session_controls"));
  const a = blockOf(at(after, "session_controls"));
  if (!b) return [];
  const out: string[] = [];
  const fb = signInFrequencyHours(b);
  const fa = signInFrequencyHours(a);
  if (fb !== undefined && (fa === undefined || fa > fb))
    out.push(`sign-in frequency ${frequencyText(fb)} → ${fa === undefined ? "removed" : frequencyText(fa)}`);
  if (stringAt(b, "persistent_browser_mode") === "never" && stringAt(a, "persistent_browser_mode") !== "never") {
    out.push(`persistent browser never → ${stringAt(a, "persistent_browser_mode") ?? "removed"}`);
  }
  if (boolAt(b, "application_enforced_restrictions_enabled") === true && boolAt(a, "application_enforced_restrictions_enabled") !== true)
    out.push("application-enforced restrictions removed");
  const casBefore = stringAt(b, "cloud_app_security_policy");
  const casAfter = stringAt(a, "cloud_app_security_policy");
  if (casBefore && casAfter !== casBefore) out.push(`cloud app security ${show(casBefore)} → ${casAfter ? show(casAfter) : "removed"}`);
  if (boolAt(b, "disable_resilience_defaults") === true && boolAt(a, "disable_resilience_defaults") !== true)
    out.push("resilience defaults re-enabled (disable_resilience_defaults true → false)");
  return out;
}
