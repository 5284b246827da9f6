/**
 * Bulk reads for the administrators' period export, and the purge of contact details after the retention
 * period. Rows come out as flat records of plain values, ready for CSV.
 */
export type ExportRecord = Record<string, string | number | null>

export interface ExportStore {
  /**
   * Responses rated on the local days from..to, oldest first, with their answers as JSON. Read a chunk at a
   * time as the download is sent (asynchronous, so a store over the network can stream it too).
   */
  responses(from: string, to: string): AsyncIterable<ExportRecord>
  /** Feedback items received on the local days from..to, oldest first. Never contact details. */
  feedback(from: string, to: string): AsyncIterable<ExportRecord>
  /**
   * Clears the contact details of items finished (closed, duplicate or spam) before `finishedBefore`, each
   * with an audit event; the item, its history and its statistics stay. Returns how many were purged.
   */
  purgeContacts(finishedBefore: number, at: number): Promise<number>
}
