/**
 * cdktf entry point (`cdktf synth` runs it through cdktf.json). It validates the catalog in the current folder and
 * synthesizes every environment's stacks; on any catalog error it prints the problems and writes nothing.
 * `npx idac synth` does the same with more options.
 */
import { runSynth } from "./src/cli/commands/synth";

process.exitCode = await runSynth({ catalog: process.cwd(), out: process.env.CDKTF_OUTDIR ?? "cdktf.out", format: "human" });
