/**
 * cdktf entry point (`cdktf synth` runs it through cdktf.json). It validates the catalog in the current folder and
 * synthesizes every environment's stacks, with the constructs stacks/extensions.ts adds; on any catalog error it
 * prints the problems and writes nothing. `npx idac synth` does the same with more options.
 */
import { runSynth } from "./src/cli/commands/synth";
import { extend } from "./stacks/extensions";

process.exitCode = await runSynth({ catalog: process.cwd(), out: process.env.CDKTF_OUTDIR ?? "cdktf.out", format: "human", extend });
