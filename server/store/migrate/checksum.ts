import { createHash } from 'node:crypto'

const MODULUS = 1n << 256n

/**
 * A table's rows as one digest that does not depend on their order: the sum of the SHA-256 of each row's
 * canonical text, modulo 2^256. The two stores order rows differently (SQLite compares uuids as text, some
 * PostgreSQL keys sort by the database's collation, response_answers has no key at all); summing spares a sort of
 * a million rows on either side and still counts a row present twice twice.
 */
export class TableChecksum {
  rows = 0
  private sum = 0n

  /** One row, each column already in its canonical text (column-values.ts), null for NULL. */
  add(values: readonly (string | null)[]): void {
    this.rows++
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(JSON.stringify(values)).digest('hex')}`)) % MODULUS
  }

  get digest(): string {
    return this.sum.toString(16).padStart(64, '0')
  }
}
