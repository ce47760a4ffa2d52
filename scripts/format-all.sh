#!/bin/sh
# Formats every TypeScript and JavaScript file with Prettier, then lists the lines still longer than the print width
# (strings and regular expressions Prettier cannot break): shorten those by hand. Exits 1 while any remain.
set -eu
cd "$(dirname "$0")/.."
npx prettier --write --log-level warn "**/*.{ts,js}"
npx prettier --check --log-level warn "**/*.{ts,js}"
node --input-type=module - <<'JS'
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const width = JSON.parse(readFileSync(".prettierrc.json", "utf8")).printWidth;
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", "*.ts", "*.js", ":!test/fixtures/"], { encoding: "utf8" }).split("\n").filter(Boolean);
let long = 0;
for (const file of files) {
  readFileSync(file, "utf8").split("\n").forEach((line, i) => {
    const length = [...line].length;
    if (length > width) {
      long++;
      console.log(`${file}:${i + 1}: ${length} characters`);
    }
  });
}
console.log(long ? `${long} line(s) longer than ${width} characters remain.` : `No line is longer than ${width} characters.`);
process.exitCode = long ? 1 : 0;
JS
