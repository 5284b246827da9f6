/** What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. Text that a spreadsheet
 * would run as a formula gets a leading apostrophe, as OWASP advises: a citizen's description or a procedure
 * name must never become a live `=HYPERLINK(…)` in an officer's Excel. Every export writes its cells here,
 * so no export can forget it. Numbers are left alone, so that a negative figure stays a number.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`
}

/** Excel reads a UTF-8 file as the local code page unless it starts with this mark. */
export const BOM = '\uFEFF'

/**
 * Records as a CSV stream: a header from the first record's keys, then a line per record, a few hundred at
 * a time so that a year of responses never sits in memory whole.
 */
export function csvStream(records: AsyncIterable<Record<string, string | number | null>>, columns: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const iterator = records[Symbol.asyncIterator]()
  let started = false
  return new ReadableStream({
    async pull(controller) {
      let chunk = started ? '' : BOM + csvLine(columns)
      started = true
      for (let i = 0; i < 500; i++) {
        const next = await iterator.next()
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk))
          controller.close()
          return
        }
        chunk += csvLine(columns.map((c) => next.value[c]))
      }
      controller.enqueue(encoder.encode(chunk))
    },
    // A download abandoned half way: the store stops reading.
    async cancel() {
      await iterator.return?.()
    },
  })
}
