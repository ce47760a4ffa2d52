export { policyChanges, ruleCodeChange, unverifiablePolicy, type PolicyChange, type PolicyIntent, type PolicyRule } from "./changes";
export {
  levelIn,
  policyOf,
  underPolicy,
  SUPPRESSIBLE_SECTIONS,
  type BreakGlassSetting,
  type GuardrailPolicy,
  type Level,
  type LevelSetting,
  type PlanGateLimits,
  type SuppressionSetting,
} from "./policy";
export { POLICY_INTENTS, reviewPolicy, type BaseState, type PolicyReview } from "./review";
