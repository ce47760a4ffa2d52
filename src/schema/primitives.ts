import { z } from "zod";
import { findUnsafeCharacter, UNSAFE_WHY } from "../escape";

/**
 * Catalog ID: lower-case letters, digits and single hyphens, starting with a letter. IDs are the identity of
 * an entry: Terraform addresses derive from them, so changing one replaces the object in the tenant.
 */
export const CatalogId = z
  .string()
  .max(64, { error: "IDs are at most 64 characters" })
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, {
    error: "expected a catalog ID: lower-case letters, digits and single hyphens, starting with a letter (for example fin-accounts-payable)",
  })
  .describe("Stable catalog ID (kebab-case). Terraform addresses derive from it: never reuse or change it casually.");

export const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const UPN_RE = /^[A-Za-z0-9._%+'#-]{1,113}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const Guid = z.string().regex(GUID_RE, { error: "expected a GUID such as 00000000-0000-0000-0000-000000000000" });

/**
 * A person: a user principal name (resolved to an object ID when Terraform plans) or an object ID.
 */
export const PersonRef = z
  .string()
  .regex(new RegExp(`${GUID_RE.source}|${UPN_RE.source}`), {
    error: "expected a user principal name (name@domain.org) or a user object ID (GUID)",
  })
  .describe("A user: user principal name (name@domain) or object ID (GUID).");

/**
 * An approver or reviewer: a person, `manager` (the requestor's or member's manager), `sponsors` (the sponsors
 * Entra records on the requesting user, typically a guest's internal contacts), or `group:<catalog id>`.
 */
export const ApproverRef = z
  .string()
  .regex(new RegExp(`^manager$|^sponsors$|^group:[a-z][a-z0-9]*(?:-[a-z0-9]+)*$|${GUID_RE.source}|${UPN_RE.source}`), {
    error: "expected 'manager', 'sponsors', a user principal name, a user object ID, or 'group:<group id>'",
  })
  .describe("'manager', 'sponsors', a user (UPN or object ID) or 'group:<catalog group id>'.");

/** Calendar date, `YYYY-MM-DD`. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected a date as YYYY-MM-DD" })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    error: "expected a real calendar date as YYYY-MM-DD",
  });

/**
 * Refuses characters that are never visible text (controls, bidirectional controls, invisible fillers, tag
 * characters), naming the first one found. The loader refuses them in every value already; this keeps values built
 * in TypeScript (constructs, tests) to the same rule, and decides where line breaks and tabs are text.
 */
function visibleText(what: string, options: { lineBreaks: boolean }) {
  return (s: string, ctx: z.RefinementCtx) => {
    const found = findUnsafeCharacter(s, { allowLineBreaks: options.lineBreaks });
    if (found) ctx.addIssue({ code: "custom", message: `${what} cannot contain ${found.label}: ${UNSAFE_WHY[found.kind]}` });
  };
}

/** One line of text: no control character (not even a tab or a line break) and nothing invisible. */
export const SingleLineText = z.string().superRefine(visibleText("this text", { lineBreaks: false }));

/** Free text that may span lines: tabs and line breaks are allowed, other controls and invisible characters are not. */
export const MultiLineText = z.string().superRefine(visibleText("this text", { lineBreaks: true }));

/**
 * A word that mixes Latin letters with Cyrillic or Greek ones ("Finаnce" with a Cyrillic а) looks like another
 * name: a classic way to make a group or policy pass for a trusted one in a review.
 */
function mixesScripts(s: string): boolean {
  return s.split(/[\s\-_.,:;/()]+/).some((word) => /\p{Script=Latin}/u.test(word) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(word));
}

export const DisplayName = z
  .string()
  .min(1, { error: "display names cannot be empty" })
  .max(256, { error: "Entra display names are at most 256 characters" })
  .superRefine(visibleText("display names", { lineBreaks: false }))
  .refine((s) => !mixesScripts(s), { error: "a word of this display name mixes Latin with Cyrillic or Greek letters, so it can pass for another name" })
  .refine((s) => s.trim() === s, { error: "display names cannot start or end with spaces" });

export const Description = z
  .string()
  .min(1)
  .max(1024, { error: "descriptions are at most 1024 characters" })
  .superRefine(visibleText("descriptions", { lineBreaks: true }));

export const Sensitivity = z
  .enum(["public", "internal", "confidential", "highlyConfidential"])
  .describe("Data sensitivity of what the entry grants; drives review requirements.");

/** IPv4 or IPv6 range; the provider refuses prefixes shorter than /8. */
export const IpCidr = z
  .string()
  .refine(isCidr, { error: "expected an IPv4 or IPv6 range in CIDR notation with a prefix of /8 or longer, e.g. 203.0.113.0/24" });

/** ISO 3166-1 alpha-2, upper case. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, { error: "expected a two-letter ISO 3166-1 country code in upper case, e.g. CH" });

function isCidr(s: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const [, addr, bitsText] = m;
  const bits = Number(bitsText);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(addr!)) {
    return bits >= 8 && bits <= 32 && addr!.split(".").every((o) => Number(o) <= 255 && String(Number(o)) === o);
  }
  if (/^[0-9a-fA-F:]+$/.test(addr!) && addr!.includes(":")) {
    const parts = addr!.split("::");
    if (parts.length > 2) return false;
    const groups = parts.flatMap((p) => (p === "" ? [] : p.split(":")));
    if (groups.some((g) => g.length < 1 || g.length > 4)) return false;
    return bits >= 8 && bits <= 128 && (parts.length === 2 ? groups.length < 8 : groups.length === 8);
  }
  return false;
}
