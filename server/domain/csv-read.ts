/** One record of a CSV file, with the line it starts on (1-based, as an editor numbers lines). */
export interface CsvRecord {
  line: number
  fields: string[]
  /** Why the record could not be read whole; its fields are then what was read before the fault. */
  error?: string
}

/**
 * RFC 4180 as spreadsheets write it: fields separated by commas, quoted when they hold a comma, a quote
 * (doubled) or a line break; lines end in CRLF, LF or a lone CR (old Mac Excel). A byte-order mark at the
 * start is dropped. A fault (text after a closing quote, a quote never closed) spoils only its record: the
 * reader resumes at the next line break outside quotes, so one bad row cannot hide the rest of a file.
 */
export function readCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text
  let line = 1
  let i = 0
  const n = input.length

  const atLineEnd = (at: number) => input[at] === '\n' || input[at] === '\r'
  /** Moves past one line break at `i` (CRLF counts as one). */
  const skipLineEnd = () => {
    if (input[i] === '\r' && input[i + 1] === '\n') i++
    i++
    line++
  }

  while (i < n) {
    const record: CsvRecord = { line, fields: [] }
    records.push(record)
    for (;;) {
      let field = ''
      if (input[i] === '"') {
        const openedOn = line
        i++
        let closed = false
        while (i < n) {
          const ch = input[i]!
          if (ch === '"') {
            if (input[i + 1] === '"') {
              field += '"'
              i += 2
              continue
            }
            i++
            closed = true
            break
          }
          if (ch === '\n' || (ch === '\r' && input[i + 1] !== '\n')) line++
          field += ch
          i++
        }
        if (!closed) {
          record.fields.push(field)
          record.error = `a quoted field opened on line ${openedOn} is never closed`
          return records
        }
        if (i < n && input[i] !== ',' && !atLineEnd(i)) {
          record.fields.push(field)
          record.error = 'text follows a closing quote (a quote inside a field must be doubled: "")'
          while (i < n && !atLineEnd(i)) i++
          break
        }
      } else {
        while (i < n && input[i] !== ',' && !atLineEnd(i)) field += input[i++]
      }
      record.fields.push(field)
      if (input[i] === ',') {
        i++
        continue
      }
      break
    }
    if (i < n) skipLineEnd()
  }
  return records
}
