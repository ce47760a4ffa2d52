/**
 * The commands as functions (`import { runSynth } from "idac/cli"`), for an organisation's main.ts (cdktf's entry
 * point) and scripts. Each returns its exit code: 0 ok, 1 findings, 2 invalid input.
 */
export { runSynth, type SynthOptions } from "./commands/synth";
export { runValidate, type ValidateOptions } from "./commands/validate";
export { EXIT, type ExitCode } from "./exit-codes";
