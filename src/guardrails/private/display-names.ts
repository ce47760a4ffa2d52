import { ROLE_GROUP_PREFIX } from "../../model/graph-values";
import type { Entry } from "../../model/model";
import type { RuleContext } from "../types";

/** A display name idac gives an object in an environment, with the entry that names it. */
export interface NamedObject {
  readonly entry: Entry<{ id: string }>;
  readonly section: string;
  /** Where the name is written, relative to the entry. */
  readonly path: readonly (string | number)[];
  /** What the object is, in catalog terms: "group 'fin-ap'", "the PIM group of privileged role 'global-admin'". */
  readonly what: string;
  /** The display name as the environment sees it (with its name prefix). */
  readonly name: string;
  /** A group: a security group, a business role's role group or a PIM group. */
  readonly group: boolean;
  /** A PIM group or a role-assignable group: it holds (or can hold) a directory role. */
  readonly privileged: boolean;
}

/**
 * Every display name idac creates in the environment of `ctx`, in catalog order: groups, role groups and access
 * packages of business roles, PIM groups, administrative units and conditional access policies.
 */
export function namedObjects(ctx: RuleContext): readonly NamedObject[] {
  let list = named.get(ctx.view);
  if (!list) named.set(ctx.view, (list = collect(ctx)));
  return list;
}

/** The named objects of each environment, shared by the rules that compare names. */
const named = new WeakMap<RuleContext["view"], readonly NamedObject[]>();

function collect(ctx: RuleContext): NamedObject[] {
  const c = ctx.catalog;
  const name = (n: string) => ctx.view.displayName(n);
  return [
    ...c.groups.map((g) => ({
      entry: g,
      section: "groups",
      path: ["displayName"],
      what: `${g.spec.assignableToRole ? "role-assignable " : ""}group '${g.id}'`,
      name: name(g.spec.displayName),
      group: true,
      privileged: g.spec.assignableToRole,
    })),
    ...c.businessRoles.flatMap((r) => [
      ...(r.hasRoleGroup
        ? [
            {
              entry: r,
              section: "businessRoles",
              path: ["displayName"],
              what: `the role group of business role '${r.id}'`,
              name: name(`${ROLE_GROUP_PREFIX}${r.spec.displayName}`),
              group: true,
              privileged: false,
            },
          ]
        : []),
      {
        entry: r,
        section: "businessRoles",
        path: ["displayName"],
        what: `business role '${r.id}'`,
        name: name(r.spec.displayName),
        group: false,
        privileged: false,
      },
    ]),
    ...c.privilegedRoles.map((p) => ({
      entry: p,
      section: "privilegedRoles",
      path: ["group", "displayName"],
      what: `the PIM group of privileged role '${p.id}'`,
      name: name(p.spec.group.displayName),
      group: true,
      privileged: true,
    })),
    ...c.administrativeUnits.map((u) => ({
      entry: u,
      section: "administrativeUnits",
      path: ["displayName"],
      what: `administrative unit '${u.id}'`,
      name: name(u.spec.displayName),
      group: false,
      privileged: false,
    })),
    ...c.conditionalAccessPolicies.map((p) => ({
      entry: p,
      section: "conditionalAccessPolicies",
      path: ["displayName"],
      what: `conditional access policy '${p.id}'`,
      name: name(p.spec.displayName),
      group: false,
      privileged: false,
    })),
  ];
}
