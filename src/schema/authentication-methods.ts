import { z } from "zod";
import { CatalogId, Guid } from "./primitives";

/**
 * Who a method is for: every user (`groups` left out) or members of catalog groups, minus excluded groups.
 * @see https://learn.microsoft.com/graph/api/resources/authenticationmethodtarget
 */
const Targets = {
  state: z.enum(["enabled", "disabled"]).describe("enabled or disabled for the whole tenant."),
  groups: z
    .array(CatalogId)
    .min(1, { error: "list at least one group, or leave groups out to target every user" })
    .max(50)
    .optional()
    .describe("Catalog groups whose members may use the method; left out: every user."),
  excludeGroups: z.array(CatalogId).max(50).default([]).describe("Catalog groups whose members may not use the method."),
};

export const Fido2Method = z.strictObject({
  ...Targets,
  attestationEnforced: z.boolean().default(true).describe("Only keys and passkeys whose attestation Entra can verify."),
  selfServiceRegistration: z.boolean().default(true).describe("Users may register passkeys themselves."),
  keyRestrictions: z
    .strictObject({
      enforcement: z.enum(["allow", "block"]).describe("allow: only the listed models; block: every model except them."),
      aaGuids: z.array(Guid).min(1).max(100).describe("Authenticator models by AAGUID."),
    })
    .optional()
    .describe("Restrict the passkey models users may register, by AAGUID."),
});

export const AuthenticatorMethod = z.strictObject({
  ...Targets,
  authenticationMode: z
    .enum(["any", "push", "deviceBasedPush"])
    .default("any")
    .describe("any: push notifications and passwordless phone sign-in; push: notifications only; deviceBasedPush: passwordless only."),
  showApplicationName: z.boolean().default(true).describe("Additional context: the app being signed into is shown in the notification."),
  showLocation: z.boolean().default(true).describe("Additional context: the sign-in's location is shown in the notification."),
  softwareOath: z.boolean().default(false).describe("Authenticator may also be used as a one-time password (software OATH) token."),
});

export const TemporaryAccessPassMethod = z
  .strictObject({
    ...Targets,
    defaultLifetimeMinutes: z.number().int().min(10).max(43200).default(60),
    minimumLifetimeMinutes: z.number().int().min(10).max(43200).default(60),
    maximumLifetimeMinutes: z.number().int().min(10).max(43200).default(480),
    oneTimeUse: z.boolean().default(true).describe("A pass works for one sign-in only."),
    length: z.number().int().min(8).max(48).default(8).describe("Characters in a pass (8 to 48)."),
  })
  .refine((t) => t.minimumLifetimeMinutes <= t.defaultLifetimeMinutes && t.defaultLifetimeMinutes <= t.maximumLifetimeMinutes, {
    error: "lifetimes must satisfy minimumLifetimeMinutes <= defaultLifetimeMinutes <= maximumLifetimeMinutes",
    path: ["defaultLifetimeMinutes"],
  });

export const SmsMethod = z.strictObject({
  ...Targets,
  usableForSignIn: z.boolean().default(false).describe("Users may sign in with a code texted to them instead of a password."),
});

export const VoiceMethod = z.strictObject({
  ...Targets,
  officePhoneAllowed: z.boolean().default(false).describe("Calls to the office phone count, as well as to mobile phones."),
});

export const RegistrationCampaign = z.strictObject({
  state: z.enum(["enabled", "disabled", "default"]).describe("enabled, disabled, or default (Microsoft decides; today enabled for SMS and voice users)."),
  snoozeDays: z.number().int().min(0).max(14).default(1).describe("Days a user may postpone registering (0 to 14; 0: every sign-in)."),
  groups: z.array(CatalogId).min(1).max(50).optional().describe("Catalog groups nudged to register Microsoft Authenticator; left out: every user."),
  excludeGroups: z.array(CatalogId).max(50).default([]),
});

/**
 * The tenant's authentication methods policy: which methods are on and for whom. Entra creates the policy; idac
 * updates it and the listed method configurations, and never deletes them (a method left out is left as it is).
 */
export const AuthenticationMethodsPolicyShape = {
  id: CatalogId,
  importFrom: z.literal("tenant").optional().describe("Set by idac import: the policy was read from the tenant."),
  passkeys: Fido2Method.optional().describe("Passkeys and FIDO2 security keys (the Fido2 method configuration)."),
  microsoftAuthenticator: AuthenticatorMethod.optional().describe("Microsoft Authenticator. Number matching is always on (Microsoft enforces it)."),
  temporaryAccessPass: TemporaryAccessPassMethod.optional(),
  sms: SmsMethod.optional(),
  voice: VoiceMethod.optional(),
  registrationCampaign: RegistrationCampaign.optional().describe("Nudges users to register Microsoft Authenticator at sign-in."),
};

/** Which method configuration each catalog key manages, as Graph names it. */
export const AUTHENTICATION_METHODS = {
  passkeys: "Fido2",
  microsoftAuthenticator: "MicrosoftAuthenticator",
  temporaryAccessPass: "TemporaryAccessPass",
  sms: "Sms",
  voice: "Voice",
} as const;
export type AuthenticationMethodKey = keyof typeof AUTHENTICATION_METHODS;
