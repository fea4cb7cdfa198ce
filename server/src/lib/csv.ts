/**
 * One CSV cell, RFC 4180 quoting, made safe to open in a spreadsheet: a cell that starts like a formula
 * (= + - @, or a tab or carriage return that some spreadsheets skip before one) gets a leading apostrophe,
 * so it is shown as text and never run (OWASP "CSV injection"). The cells here are names and reasons read
 * from uploaded files, which anyone may have written.
 */
export function csvCell(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  const safe = typeof value === "string" && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as CSV text with CRLF line ends (what spreadsheets expect), ending with one. */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
