/**
 * cdktf entry point (`cdktf synth` runs it through cdktf.json; `npm run synth` directly). It validates the catalog in
 * this folder and synthesizes every environment's stacks into cdktf.out/; on any catalog error it prints the
 * problems and writes nothing.
 */
import { runSynth } from "idac/cli";

process.exitCode = await runSynth({ catalog: process.cwd(), out: process.env.CDKTF_OUTDIR ?? "cdktf.out", format: "human" });
