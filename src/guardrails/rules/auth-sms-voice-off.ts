import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/**
 * Text message and voice call codes can be intercepted (SIM swap, call forwarding) and cannot be bound to the site,
 * so they are off; a method that is on for everyone is on for administrators too.
 */
export function authSmsVoiceOff(ctx: RuleContext): Violation[] {
  return ctx.catalog.authenticationMethodsPolicies.flatMap((p) =>
    (["sms", "voice"] as const).flatMap((method) => {
      const m = p.spec[method];
      if (!m || m.state !== "enabled") return [];
      const who = m.groups ? `members of ${m.groups.map((g) => `'${g}'`).join(", ")}` : "every user, administrators included";
      const signIn = method === "sms" && p.spec.sms?.usableForSignIn ? ", even instead of a password" : "";
      return [
        at(p, "authenticationMethodsPolicies", `${method === "sms" ? "Text message" : "Voice call"} codes are on for ${who}${signIn}.`, [method, "state"]),
      ];
    }),
  );
}
