import { BlockList, isIP } from "node:net";
import { didYouMean } from "../../errors/suggest";
import type { EnvironmentView } from "../../model/environment";
import type { SignInNetwork } from "./evaluate";
import { locationClasses } from "./locations";
import { MICROSOFT_APPS, microsoftAppById, microsoftAppByName } from "./microsoft-apps";

/** A value from the command line that names nothing: what it was, the closest known value, and what is accepted. */
export interface InputProblem {
  readonly option: string;
  readonly value: string;
  readonly suggestion?: string;
  readonly hint: string;
}

export type Resolved<T> = { readonly value: T; readonly note?: string } | { readonly problem: InputProblem };

const APP_KEYWORDS = ["Office365", "AzureManagement", "MicrosoftAdminPortals", "IntuneEnrollment"] as const;
const USER_ACTIONS = ["registerSecurityInfo", "registerOrJoinDevices"] as const;

/**
 * The application a what-if sign-in goes to, from what a person types: a keyword (Office365, AzureManagement,
 * MicrosoftAdminPortals, IntuneEnrollment, any case), a catalog application's ID, client ID (GUID) or display name, a
 * Microsoft application's name or application ID (Exchange Online is in Office365), or `action:<user action>`.
 */
export function resolveApp(view: EnvironmentView, input: string): Resolved<string> {
  const apps = view.catalog.applications;
  const lower = input.toLowerCase();
  if (lower.startsWith("action:")) {
    const action = USER_ACTIONS.find((a) => a.toLowerCase() === lower.slice(7));
    if (action) return { value: `action:${action}` };
    return {
      problem: {
        option: "--app",
        value: input,
        ...suggestion(
          input,
          USER_ACTIONS.map((a) => `action:${a}`),
        ),
        hint: `User actions: ${USER_ACTIONS.map((a) => `action:${a}`).join(", ")}.`,
      },
    };
  }
  const keyword = APP_KEYWORDS.find((k) => k.toLowerCase() === lower);
  if (keyword) return { value: keyword };
  const byId = apps.find((a) => a.id === input);
  if (byId) return { value: byId.id };
  const byClientId = apps.find((a) => a.spec.clientId.toLowerCase() === lower);
  if (byClientId) return { value: byClientId.id, note: `client ID ${input} is application ${byClientId.id}` };
  const byName = apps.find((a) => a.spec.displayName.toLowerCase() === lower);
  if (byName) return { value: byName.id, note: `'${input}' is application ${byName.id}` };
  const microsoft = microsoftAppById(input) ?? microsoftAppByName(input);
  if (microsoft) {
    const declared = microsoft.appId ? apps.find((a) => a.spec.clientId.toLowerCase() === microsoft.appId) : undefined;
    if (declared) return { value: declared.id, note: `${microsoft.displayName} is application ${declared.id}` };
    return {
      value: `microsoft:${microsoft.appId ?? microsoft.displayName}`,
      note: `${microsoft.displayName}${microsoft.groups.length ? `, in ${microsoft.groups.join(" and ")}` : ""}`,
    };
  }
  const candidates = [
    ...APP_KEYWORDS,
    ...apps.flatMap((a) => [a.id, a.spec.displayName]),
    ...MICROSOFT_APPS.flatMap((a) => [a.displayName, ...(a.aliases ?? [])]),
  ];
  return {
    problem: {
      option: "--app",
      value: input,
      ...suggestion(input, candidates),
      hint:
        `Give a keyword (${APP_KEYWORDS.join(", ")}), a catalog application's ID, ` +
        `client ID or display name (` +
        `${apps.map((a) => a.id).join(", ") || "the catalog declares none"}), a Microsoft ` +
        `application's name (Exchange Online, SharePoint Online, Microsoft Teams, …), or ` +
        `action:registerSecurityInfo. An application the catalog does not declare is evaluated ` +
        `only once it is declared under applications.`,
    },
  };
}

/**
 * The network a what-if sign-in comes from: a named location's ID or display name (any case), a location class
 * (Trusted, Untrusted, Elsewhere), an IPv4 or IPv6 address (matched against the IP named locations' ranges), or a
 * two-letter country code (matched against the country named locations). An address and a country can be given
 * together; an address alone matches no country location (idac does not geolocate), and the note says so.
 */
export function resolveLocation(view: EnvironmentView, location: string | undefined, country: string | undefined): Resolved<SignInNetwork | undefined> {
  const named = view.catalog.namedLocations;
  let countryCode: string | undefined;
  if (country !== undefined) {
    countryCode = countryOf(country);
    if (!countryCode) return { problem: { option: "--country", value: country, hint: "Give a two-letter ISO 3166-1 country code, e.g. CH or KE." } };
  }
  const inCountry = (code: string) => named.filter((l) => l.spec.countries?.codes.includes(code)).map((l) => l.id);
  if (location === undefined) {
    if (countryCode === undefined) return { value: undefined };
    return { value: { label: `country ${countryCode}`, namedLocations: inCountry(countryCode), trusted: false } };
  }
  const exact = named.find((l) => l.id === location) ?? named.find((l) => l.spec.displayName.toLowerCase() === location.toLowerCase());
  if (exact)
    return withCountry({ label: `named location ${exact.id}`, namedLocations: [exact.id], trusted: exact.spec.ip?.trusted === true }, countryCode, inCountry);
  const cls = locationClasses(view).find((c) => c.id.toLowerCase() === location.toLowerCase() && !named.some((l) => l.id === c.id));
  if (cls) return withCountry(cls.network, countryCode, inCountry);
  const family = isIP(location);
  if (family) {
    const ranges = named.filter((l) => l.spec.ip?.ranges.some((r) => contains(r, location, family)));
    const network = { label: location, namedLocations: ranges.map((l) => l.id), trusted: ranges.some((l) => l.spec.ip?.trusted === true) };
    if (countryCode === undefined) {
      const countries = named.filter((l) => l.spec.countries);
      return {
        value: network,
        ...(countries.length
          ? { note: `an address alone matches no country location (${countries.map((l) => l.id).join(", ")}): add --country <code> to say where it is` }
          : {}),
      };
    }
    return withCountry(network, countryCode, inCountry);
  }
  const code = /^[A-Za-z]{2}$/.test(location) ? countryOf(location) : undefined;
  if (code) return { value: { label: `country ${code}`, namedLocations: inCountry(code), trusted: false } };
  const candidates = [...named.flatMap((l) => [l.id, l.spec.displayName]), "Trusted", "Untrusted", "Elsewhere"];
  return {
    problem: {
      option: "--location",
      value: location,
      ...suggestion(location, candidates),
      hint:
        `Give a named location's ID or display name (` +
        `${named.map((l) => l.id).join(", ") || "the catalog declares none"}), Trusted, Untrusted ` +
        `or Elsewhere, an IPv4 or IPv6 address, or a two-letter country code.`,
    },
  };
}

function withCountry(network: SignInNetwork | undefined, code: string | undefined, inCountry: (code: string) => string[]): Resolved<SignInNetwork | undefined> {
  if (code === undefined) return { value: network };
  const base = network ?? { label: "any other network", namedLocations: [], trusted: false };
  return {
    value: { label: `${base.label}, country ${code}`, namedLocations: [...new Set([...base.namedLocations, ...inCountry(code)])], trusted: base.trusted },
  };
}

const regions = new Intl.DisplayNames(["en"], { type: "region" });

/** The upper-case ISO 3166-1 alpha-2 code, when the text is one Node knows. */
function countryOf(text: string): string | undefined {
  if (!/^[A-Za-z]{2}$/.test(text)) return undefined;
  const code = text.toUpperCase();
  try {
    const name = regions.of(code);
    return name && name !== code && name !== "Unknown Region" ? code : undefined;
  } catch {
    return undefined;
  }
}

function contains(cidr: string, address: string, family: number): boolean {
  const [net, bits] = cidr.split("/");
  const type = family === 6 ? "ipv6" : "ipv4";
  if (isIP(net!) !== family) return false;
  const list = new BlockList();
  list.addSubnet(net!, Number(bits), type);
  return list.check(address, type);
}

function suggestion(value: string, candidates: Iterable<string>): { suggestion?: string } {
  const s = didYouMean(value, candidates);
  return s !== undefined ? { suggestion: s } : {};
}
