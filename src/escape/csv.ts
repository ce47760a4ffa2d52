import { stringify } from "csv-stringify/sync";
import { breakWorkflowCommands } from "./characters";

/**
 * RFC 4180 CSV with CRLF line ends, quoted by csv-stringify: a cell holding a lone line feed or carriage return is
 * quoted too (csv-stringify quotes only the record delimiter itself unless told), so it cannot start a row. A cell
 * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms) is prefixed with a
 * single quote, so a spreadsheet shows it as text instead of running it as a formula. Cells keep their line breaks,
 * so CI runner command prefixes in them are written with visible escapes (the CSV may be printed to a log).
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 */
export function csvTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return [...csvTableChunks(columns, rows, Math.max(rows.length, 1))].join("");
}

/**
 * {@link csvTable} in pieces of `rowsPerChunk` rows (the first also has the header), for tables whose text may be longer
 * than a JavaScript string can be: joined, the pieces are exactly `csvTable(columns, rows)`. Rows are read as needed.
 */
export function* csvTableChunks(columns: readonly string[], rows: Iterable<readonly string[]>, rowsPerChunk = 1000): Generator<string> {
  let batch: (readonly string[])[] = [];
  let header = true;
  const text = () =>
    stringify(
      batch.map((r) => r.map(breakWorkflowCommands)),
      { header, columns: [...columns], record_delimiter: "\r\n", quote_record_delimiter: true, escape_formulas: true },
    );
  for (const row of rows) {
    batch.push(row);
    if (batch.length < rowsPerChunk) continue;
    yield text();
    batch = [];
    header = false;
  }
  if (batch.length || header) yield text();
}
