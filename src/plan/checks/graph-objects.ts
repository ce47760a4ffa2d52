import { parseLogicalId } from "../../model/addresses";
import type { PlannedChange } from "./change";
import { isValues, unknownAt, type Values } from "./values";

// What the checks of Microsoft Graph objects (msgraph resources in the governance stack) read of a change.

/** What idac made the resource for: the kind its logical ID names (`accessReview`, `lifecycleWorkflow`, …). */
export const kindOf = (c: PlannedChange) => parseLogicalId(c.name)?.kind;

/** The Graph request body of the resource's values before or after. */
export const body = (v: Values | undefined): Values | undefined => (isValues(v?.body) ? v.body : undefined);

/** Whether the body is known only after apply (so it cannot be compared). */
export const bodyUnknown = (c: PlannedChange) => c.afterUnknown === true || unknownAt(c.afterUnknown, "body");
