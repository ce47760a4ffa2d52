import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";

/**
 * Writes a file through a new temporary file next to it, renamed over it: a reader sees the old or the new file, and
 * a symbolic link at the path (planted to redirect the write elsewhere) is replaced, never followed. The temporary
 * name is random and created exclusively, so it cannot be a planted link either.
 */
export async function replaceFile(file: string, text: string): Promise<void> {
  const tmp = `${file}.idac-tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  await writeFile(tmp, text, { flag: "wx" });
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
