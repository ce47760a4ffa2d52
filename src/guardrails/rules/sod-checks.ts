import type { RuleContext, Violation } from "../types";
import { analyseSod, type SodAnalysis, type SodConflict } from "../../analysis/sod";
import type { Catalog } from "../../model/model";
import { at } from "../private/helpers";
import { businessRoleIndex } from "../private/indexes";

const cache = new WeakMap<Catalog, SodAnalysis>();
/** The SoD analysis of a catalog, computed once however many rules and environments read it. */
function sodOf(catalog: Catalog): SodAnalysis {
  let a = cache.get(catalog);
  if (!a) cache.set(catalog, (a = analyseSod(catalog)));
  return a;
}

function report(ctx: RuleContext, kind: SodConflict["kind"]): Violation[] {
  const roleById = businessRoleIndex(ctx.catalog);
  return sodOf(ctx.catalog)
    .conflicts.filter((c) => c.kind === kind)
    .map((c) => {
      const role = roleById.get(c.role)!;
      return at(role, "businessRoles", `SoD rule '${c.rule}' ('${c.sets[0]}' vs '${c.sets[1]}'): ${c.detail}.`);
    });
}

/** No single role holds conflicting entitlements, directly or through included roles. */
export const sodSingleRole = (ctx: RuleContext) => report(ctx, "single-role");
/** Conflicting roles are not both birthright for an overlapping HR population. */
export const sodBirthrightOverlap = (ctx: RuleContext) => report(ctx, "birthright-overlap");
/** A requestable role does not conflict with a role its requestors already hold by birthright. */
export const sodRequestVsBirthright = (ctx: RuleContext) => report(ctx, "request-vs-birthright");
/** Conflicting requestable roles are not approved by the same people. */
export const sodSharedApprovers = (ctx: RuleContext) => report(ctx, "shared-approvers");
