import { CommanderError } from "commander";
import { termText } from "../escape/terminal";
import { buildCli } from "./cli";
import { EXIT } from "./exit-codes";

/** Entry point of `idac`. Unexpected failures are reported in one line (and the stack only with IDAC_DEBUG). */
let exitCode: number = EXIT.ok;
try {
  await buildCli((code) => (exitCode = code)).parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) {
    process.stderr.write(`idac: internal error: ${termText((err as Error).message)}\n`);
    if (process.env.IDAC_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    exitCode = 70;
  }
}
process.exitCode = exitCode;
