import type { z } from "zod";
import type { AuthenticationMethodsPolicy as PolicyEntry } from "../../schema/catalog";
import { AUTHENTICATION_METHODS, type AuthenticationMethodKey } from "../../schema/authentication-methods";
import type { AuthenticationMethodsPolicy } from "../model";

/** Graph's ID for "every user" in authentication method targets. */
export const ALL_USERS = "all_users";
/** How Graph writes "nobody" in a feature setting's exclude target. */
const NOBODY = "00000000-0000-0000-0000-000000000000";

/** One PATCH of the policy: the URL (relative to v1.0) and its body. */
export interface AuthenticationMethodsUpdate {
  /** `authenticationMethodsPolicy` for the policy itself, or the method configuration's Graph ID (`Fido2`, `Sms` …). */
  readonly target: "policy" | (typeof AUTHENTICATION_METHODS)[AuthenticationMethodKey];
  readonly url: string;
  readonly body: Record<string, unknown>;
}

export interface MethodReferences {
  group(catalogId: string): string;
}

export const POLICY_URL = "policies/authenticationMethodsPolicy";
const methodUrl = (id: string) => `${POLICY_URL}/authenticationMethodConfigurations/${id}`;

/**
 * The PATCH requests that make the tenant's policy match the catalog: one per declared method configuration, and
 * one for the policy when the registration campaign is declared. Methods left out are not touched.
 * @see https://learn.microsoft.com/graph/api/resources/authenticationmethodspolicy
 */
export function authenticationMethodsUpdates(p: AuthenticationMethodsPolicy, refs: MethodReferences): AuthenticationMethodsUpdate[] {
  const s = p.spec;
  const out: AuthenticationMethodsUpdate[] = [];
  const targets = (m: { groups?: readonly string[] | undefined }, extra: Record<string, unknown> = {}) =>
    (m.groups ?? [ALL_USERS]).map((id) => ({
      targetType: "group",
      id: id === ALL_USERS ? ALL_USERS : refs.group(id),
      isRegistrationRequired: false,
      ...extra,
    }));
  const excludes = (m: { excludeGroups: readonly string[] }) => m.excludeGroups.map((id) => ({ targetType: "group", id: refs.group(id) }));
  const add = (key: AuthenticationMethodKey, body: Record<string, unknown>) =>
    out.push({ target: AUTHENTICATION_METHODS[key], url: methodUrl(AUTHENTICATION_METHODS[key]), body });
  if (s.passkeys) {
    const m = s.passkeys;
    add("passkeys", {
      "@odata.type": "#microsoft.graph.fido2AuthenticationMethodConfiguration",
      state: m.state,
      isAttestationEnforced: m.attestationEnforced,
      isSelfServiceRegistrationAllowed: m.selfServiceRegistration,
      keyRestrictions: m.keyRestrictions
        ? { isEnforced: true, enforcementType: m.keyRestrictions.enforcement, aaGuids: [...m.keyRestrictions.aaGuids].map((g) => g.toLowerCase()).sort() }
        : { isEnforced: false, enforcementType: "block", aaGuids: [] },
      includeTargets: targets(m),
      excludeTargets: excludes(m),
    });
  }
  if (s.microsoftAuthenticator) {
    const m = s.microsoftAuthenticator;
    const feature = (on: boolean) => ({
      state: on ? "enabled" : "disabled",
      includeTarget: { targetType: "group", id: ALL_USERS },
      excludeTarget: { targetType: "group", id: NOBODY },
    });
    add("microsoftAuthenticator", {
      "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration",
      state: m.state,
      isSoftwareOathEnabled: m.softwareOath,
      featureSettings: { displayAppInformationRequiredState: feature(m.showApplicationName), displayLocationInformationRequiredState: feature(m.showLocation) },
      includeTargets: targets(m, { authenticationMode: m.authenticationMode }),
      excludeTargets: excludes(m),
    });
  }
  if (s.temporaryAccessPass) {
    const m = s.temporaryAccessPass;
    add("temporaryAccessPass", {
      "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration",
      state: m.state,
      defaultLifetimeInMinutes: m.defaultLifetimeMinutes,
      defaultLength: m.length,
      minimumLifetimeInMinutes: m.minimumLifetimeMinutes,
      maximumLifetimeInMinutes: m.maximumLifetimeMinutes,
      isUsableOnce: m.oneTimeUse,
      includeTargets: targets(m),
      excludeTargets: excludes(m),
    });
  }
  if (s.sms) {
    const m = s.sms;
    add("sms", {
      "@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration",
      state: m.state,
      includeTargets: targets(m, { isUsableForSignIn: m.usableForSignIn }),
      excludeTargets: excludes(m),
    });
  }
  if (s.voice) {
    const m = s.voice;
    add("voice", {
      "@odata.type": "#microsoft.graph.voiceAuthenticationMethodConfiguration",
      state: m.state,
      isOfficePhoneAllowed: m.officePhoneAllowed,
      includeTargets: targets(m),
      excludeTargets: excludes(m),
    });
  }
  if (s.registrationCampaign) {
    const c = s.registrationCampaign;
    out.push({
      target: "policy",
      url: POLICY_URL,
      body: {
        registrationEnforcement: {
          authenticationMethodsRegistrationCampaign: {
            snoozeDurationInDays: c.snoozeDays,
            state: c.state,
            excludeTargets: c.excludeGroups.map((id) => ({ id: refs.group(id), targetType: "group" })),
            includeTargets: (c.groups ?? [ALL_USERS]).map((id) => ({
              id: id === ALL_USERS ? ALL_USERS : refs.group(id),
              targetType: "group",
              targetedAuthenticationMethod: "microsoftAuthenticator",
            })),
          },
        },
      },
    });
  }
  return out;
}

// ─── Graph → catalog ─────────────────────────────────────────────────────────────────────────────────────

export interface MethodImportContext {
  groupRef(objectId: string): string | undefined;
}

type PolicyInput = z.input<typeof PolicyEntry>;
type Target = { targetType?: string; id?: string; [k: string]: unknown };

/**
 * A catalog entry from Graph's authenticationMethodsPolicy JSON (v1.0, with its authenticationMethodConfigurations),
 * or the reasons it cannot be expressed, each naming the Graph property. Methods idac does not manage (email,
 * software OATH tokens, certificates …) are left out of the entry and so stay as they are.
 */
export function authenticationMethodsPolicyFromGraph(
  json: Record<string, unknown>,
  id: string,
  ctx: MethodImportContext,
): { entry: PolicyInput; refusals: [] } | { entry?: undefined; refusals: string[] } {
  const refusals: string[] = [];
  const configs = new Map(((json.authenticationMethodConfigurations ?? []) as Record<string, unknown>[]).map((c) => [String(c.id).toLowerCase(), c]));
  const entry: Record<string, unknown> = { id, importFrom: "tenant" };
  const groupsOf = (where: string, list: Target[], allowAll: boolean) => {
    if (allowAll && list.length === 1 && list[0]!.id === ALL_USERS) return undefined;
    return list.map((t, i) => {
      if (t.targetType !== "group") refusals.push(`${where}[${i}] targets a ${String(t.targetType)} (idac targets groups)`);
      const ref = ctx.groupRef(String(t.id));
      if (!ref) refusals.push(`${where}[${i}] names group ${String(t.id)}, which is not in the catalog`);
      return ref ?? "";
    });
  };
  const base = (key: string, c: Record<string, unknown>) => {
    const include = (c.includeTargets ?? []) as Target[];
    const exclude = (c.excludeTargets ?? []) as Target[];
    const groups = groupsOf(`${key}.includeTargets`, include, true);
    const excludeGroups = groupsOf(`${key}.excludeTargets`, exclude, false) ?? [];
    return { state: c.state === "enabled" ? "enabled" : "disabled", ...(groups ? { groups } : {}), ...(excludeGroups.length ? { excludeGroups } : {}) };
  };
  const same = (key: string, list: Target[], prop: string) => {
    const values = new Set(list.map((t) => t[prop]));
    if (values.size > 1) refusals.push(`${key}.includeTargets differ in ${prop} (idac sets one value for every target)`);
    return list[0]?.[prop];
  };
  const fido = configs.get("fido2");
  if (fido) {
    const k = (fido.keyRestrictions ?? {}) as { isEnforced?: boolean; enforcementType?: string; aaGuids?: string[] };
    entry.passkeys = {
      ...base("Fido2", fido),
      attestationEnforced: fido.isAttestationEnforced !== false,
      selfServiceRegistration: fido.isSelfServiceRegistrationAllowed !== false,
      ...(k.isEnforced && k.aaGuids?.length ? { keyRestrictions: { enforcement: k.enforcementType === "allow" ? "allow" : "block", aaGuids: k.aaGuids } } : {}),
    };
  }
  const auth = configs.get("microsoftauthenticator");
  if (auth) {
    const f = (auth.featureSettings ?? {}) as Record<string, { state?: string; includeTarget?: Target; excludeTarget?: Target } | undefined>;
    const feature = (name: string) => {
      const s = f[name];
      if (s && s.state !== "default" && ((s.includeTarget?.id ?? ALL_USERS) !== ALL_USERS || (s.excludeTarget?.id ?? NOBODY) !== NOBODY))
        refusals.push(`MicrosoftAuthenticator.featureSettings.${name} targets some groups only (idac turns additional context on or off for everyone)`);
      // "default" is Microsoft-managed, which Microsoft has turned on for everyone.
      return s?.state !== "disabled";
    };
    const mode = same("MicrosoftAuthenticator", (auth.includeTargets ?? []) as Target[], "authenticationMode");
    entry.microsoftAuthenticator = {
      ...base("MicrosoftAuthenticator", auth),
      authenticationMode: mode ?? "any",
      showApplicationName: feature("displayAppInformationRequiredState"),
      showLocation: feature("displayLocationInformationRequiredState"),
      softwareOath: auth.isSoftwareOathEnabled === true,
    };
  }
  const tap = configs.get("temporaryaccesspass");
  if (tap) {
    entry.temporaryAccessPass = {
      ...base("TemporaryAccessPass", tap),
      defaultLifetimeMinutes: tap.defaultLifetimeInMinutes,
      minimumLifetimeMinutes: tap.minimumLifetimeInMinutes,
      maximumLifetimeMinutes: tap.maximumLifetimeInMinutes,
      oneTimeUse: tap.isUsableOnce === true,
      length: tap.defaultLength,
    };
  }
  const sms = configs.get("sms");
  if (sms) entry.sms = { ...base("Sms", sms), usableForSignIn: same("Sms", (sms.includeTargets ?? []) as Target[], "isUsableForSignIn") === true };
  const voice = configs.get("voice");
  if (voice) entry.voice = { ...base("Voice", voice), officePhoneAllowed: voice.isOfficePhoneAllowed === true };
  const campaign = ((json.registrationEnforcement ?? {}) as Record<string, unknown>).authenticationMethodsRegistrationCampaign as
    Record<string, unknown> | undefined;
  if (campaign) {
    const include = (campaign.includeTargets ?? []) as Target[];
    include.forEach((t, i) => {
      if (t.targetedAuthenticationMethod !== "microsoftAuthenticator")
        refusals.push(
          `registrationEnforcement.authenticationMethodsRegistrationCampaign.includeTargets[${i}] nudges ${String(t.targetedAuthenticationMethod)} (idac: Microsoft Authenticator)`,
        );
    });
    const groups = groupsOf("registrationEnforcement.authenticationMethodsRegistrationCampaign.includeTargets", include, true);
    const excludeGroups =
      groupsOf("registrationEnforcement.authenticationMethodsRegistrationCampaign.excludeTargets", (campaign.excludeTargets ?? []) as Target[], false) ?? [];
    entry.registrationCampaign = {
      state: campaign.state,
      snoozeDays: campaign.snoozeDurationInDays,
      ...(groups ? { groups } : {}),
      ...(excludeGroups.length ? { excludeGroups } : {}),
    };
  }
  return refusals.length ? { refusals } : { entry: entry as PolicyInput, refusals: [] };
}
