export { ACCESS_GOVERNANCE_PACK } from "./access-governance";
export { CONDITIONAL_ACCESS_PACK } from "./conditional-access";
export { HYGIENE_PACK } from "./hygiene";
export { PRIVILEGED_ACCESS_PACK } from "./privileged-access";
export { SOD_PACK } from "./segregation-of-duties";
export { RETIRED_RULES, type RetiredRule } from "./retired";
export { LIFECYCLE_AND_METHODS_PACK } from "./lifecycle-and-methods";
