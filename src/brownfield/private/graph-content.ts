import { z } from "zod";

/**
 * What of a Graph object is content, and what of the content idac models. Graph JSON carries metadata next to
 * content at every depth — OData annotations (`@odata.context`, `@odata.etag`, `owners@odata.navigationLink`, any
 * key holding `@`) and, with full metadata, the object's actions and functions as `#microsoft.graph.*` keys — and
 * the beta endpoint adds properties v1.0 does not have, mostly null. Both are told apart from content here, in one
 * place, before any schema check or comparison.
 */

/** Object schemas whose content idac reads as it is (expansions, PIM rules): nothing in them is "unmodelled". */
const AS_IS = z.registry<Record<string, never>>();

/**
 * Marks a schema as read as it is: properties it does not declare, at any depth inside it, are expected (idac reads
 * what it manages and leaves the rest alone): kept when set, dropped when empty, never listed as unmodelled.
 */
export function readAsIs<T extends z.ZodType>(schema: T): T {
  AS_IS.add(schema, {});
  return schema;
}

/** An OData annotation or an action/function advertised with full metadata: metadata, never content. */
export function isAnnotation(key: string): boolean {
  return key.includes("@") || key.startsWith("#");
}

/**
 * `@odata.type` values that tell kinds apart where one property holds several (v1.0 writes `@odata.type` exactly
 * there): a member or principal that is a user, group or service principal; an approver or reviewer that is one user,
 * a group's members or a manager; a PIM rule's kind; an IPv4 or IPv6 range; a named location's kind; an
 * authentication method configuration's kind; a lifecycle workflow's execution conditions, scope and trigger. idac reads
 * these. Anywhere else (`#microsoft.graph.conditionalAccessConditionSet` on `conditions`, as the beta endpoint and
 * full metadata write it) the type says nothing the property does not, and it is taken out with the other
 * annotations.
 */
const KINDS = new RegExp(
  [
    "^#microsoft\\.graph\\.(user|group|servicePrincipal|device|orgContact|application|",
    "singleUser|groupMembers|requestorManager|targetUserSponsors|internalSponsors|",
    "externalSponsors|connectedOrganizationMembers|attributeRuleMembers|targetApplicationO",
    "wners|singleServicePrincipal|unifiedRoleManagementPolicy\\w+Rule|iPv4CidrRange|",
    "iPv6CidrRange|ipNamedLocation|countryNamedLocation|compliantNetworkNamedLocation|",
    "\\w+AuthenticationMethodConfiguration|identityGovernance\\.(triggerAndScopeBasedConditions|",
    "ruleBasedSubjectSet|timeBasedAttributeTrigger|attributeChangeTrigger))$",
  ].join(""),
);

/** Whether a property is content: not an annotation, unless it is an `@odata.type` that tells kinds apart. */
function isContent(key: string, value: unknown): boolean {
  return !isAnnotation(key) || (key === "@odata.type" && typeof value === "string" && KINDS.test(value));
}

export interface GraphContent {
  /** The object without metadata, and without properties idac does not model that are null or empty. */
  readonly value: unknown;
  /**
   * JSON paths (`conditions.devices.deviceFilter`, `ipRanges[0].foo`) of the non-empty values the schema does not
   * know, sorted. A value object (its non-empty properties all plain values, as a filter `{mode, rule}`) is named
   * as a whole; an object of further objects or lists is named property by property.
   */
  readonly unmodelled: readonly string[];
}

/**
 * The content of one Graph object read against the schema idac checks it with: annotations removed at every depth,
 * `@odata.type` kept only where the schema reads it or where it tells kinds apart ({@link KINDS}; on the object itself
 * only where its schema reads it); a property
 * the schema does not know is dropped when empty (null, `""`, `[]`, `{}`, or an object of such) and otherwise kept
 * and, unless it is inside a part read as it is ({@link readAsIs}), named in {@link GraphContent.unmodelled}. The
 * input is not changed.
 */
export function graphContent(value: unknown, schema: z.ZodType): GraphContent {
  const unmodelled: string[] = [];
  const out = known(value, schema, "", false, unmodelled);
  return { value: out, unmodelled: unmodelled.sort() };
}

/** `value` read against `schema`; `asIs` inside a part read as it is (nothing recorded there). */
function known(value: unknown, schema: z.ZodType, at: string, asIs: boolean, unmodelled: string[]): unknown {
  const s = unwrap(schema);
  const inside = asIs || AS_IS.has(s);
  if (s instanceof z.ZodUnknown || s instanceof z.ZodAny || s instanceof z.ZodRecord) return unknownContent(value);
  if (Array.isArray(value))
    return s instanceof z.ZodArray ? value.map((item, i) => known(item, s.element as z.ZodType, `${at}[${i}]`, inside, unmodelled)) : unknownContent(value);
  if (!isPlainObject(value) || !(s instanceof z.ZodObject)) return unknownContent(value);
  const shape = s.shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const path = at ? `${at}.${key}` : key;
    if (isAnnotation(key)) {
      // A type the schema reads is kept whatever it names (an approver of a kind idac does not know is then reported
      // by the importer, not lost); an object's own type otherwise says nothing its collection does not.
      if ((key === "@odata.type" && Object.hasOwn(shape, key)) || (at !== "" && isContent(key, v))) out[key] = v;
    } else if (Object.hasOwn(shape, key)) {
      out[key] = known(v, shape[key]!, path, inside, unmodelled);
    } else {
      const content = unknownContent(v);
      if (isEmpty(content)) continue;
      out[key] = content;
      if (!inside) unmodelled.push(...pathsOf(content, path));
    }
  }
  return out;
}

const unwrapped = new WeakMap<z.ZodType, z.ZodType>();

/** The schema a value is checked against, through optional, nullable, default and transform wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = unwrapped.get(schema);
  if (!s) unwrapped.set(schema, (s = unwrapOnce(schema)));
  return s;
}

function unwrapOnce(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (AS_IS.has(s)) return s;
    if (
      s instanceof z.ZodOptional ||
      s instanceof z.ZodNullable ||
      s instanceof z.ZodDefault ||
      s instanceof z.ZodPrefault ||
      s instanceof z.ZodReadonly ||
      s instanceof z.ZodCatch
    )
      s = s.def.innerType as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.def.in as z.ZodType;
    else return s;
  }
}

/**
 * A value the schema does not know, or does not describe in detail: without annotations (an `@odata.type` that tells
 * kinds apart is content), and without its empty properties, at every depth.
 */
function unknownContent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unknownContent);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!isContent(key, v)) continue;
    const content = unknownContent(v);
    if (!isEmpty(content)) out[key] = content;
  }
  return out;
}

/** Null, an empty string, an empty list, or an object or list of nothing but such: "not set" in Graph's spellings. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.every(isEmpty);
  if (isPlainObject(value)) return Object.values(value).every(isEmpty);
  return false;
}

function pathsOf(value: unknown, path: string): string[] {
  if (!isPlainObject(value)) return [path];
  const set = Object.entries(value).filter(([, v]) => !isEmpty(v));
  if (set.every(([, v]) => v === null || typeof v !== "object")) return [path];
  return set.flatMap(([k, v]) => pathsOf(v, `${path}.${k}`));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
