import { CommanderError } from "commander";
import { termText } from "../escape/terminal";
import { buildCli } from "./cli";
import { EXIT } from "./exit-codes";

/**
 * Entry point of `idac`. Unexpected failures are reported in one line (and the stack only with IDAC_DEBUG). A reader
 * that stops reading stdout (`idac coverage -f csv | head`) is no internal error: the rest of the output is dropped
 * quietly. A command it stopped before it finished exits with {@link EXIT.outputClosed}, never 0: a gate or a
 * validation cut short has decided nothing.
 */
const isEpipe = (err: unknown) => (err as { code?: unknown } | null | undefined)?.code === "EPIPE";
// After the pipe closed, writing fails with other errors too (the stream is destroyed): those go with it.
const readerGone = (err: unknown) => isEpipe(err) || isEpipe(process.stdout.errored);
process.stdout.on("error", (err) => {
  if (!readerGone(err)) throw err;
});
let exitCode: number = EXIT.ok;
try {
  await buildCli((code) => (exitCode = code)).parseAsync(process.argv);
} catch (err) {
  if (readerGone(err)) exitCode = EXIT.outputClosed;
  else if (!(err instanceof CommanderError)) {
    process.stderr.write(`idac: internal error: ${termText((err as Error).message)}\n`);
    if (process.env.IDAC_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    exitCode = 70;
  }
}
process.exitCode = exitCode;
