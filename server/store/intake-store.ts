/** A paper rating form keyed once, waiting for a second officer's keying (or the record of the pair once stored). */
export interface PaperEntry {
  id: number
  /** The response the matching pair is stored as (a UUID v7 made at the first keying, so that a retried check stores it once). */
  responseId: string
  counterCode: string
  unitCode: string
  questionnaireKey: string
  questionnaireVersion: number
  dossier: string | null
  /** The day written on the paper, YYYY-MM-DD. */
  paperDay: string
  /** The first keying as sent (shared/intake.ts PaperFormIn), as JSON. */
  form: string
  keyedBy: { id: number; displayName: string }
  keyedAt: number
  status: 'pending' | 'stored' | 'discarded'
  /** How many second keyings disagreed with the first. */
  mismatches: number
  checkedBy: { id: number; displayName: string } | null
  checkedAt: number | null
}

export type NewPaperEntry = Pick<PaperEntry, 'responseId' | 'counterCode' | 'unitCode' | 'questionnaireKey' | 'questionnaireVersion' | 'dossier' | 'paperDay' | 'form' | 'keyedAt'> & {
  keyedBy: number
}

/** Paper intake's pending entries (issue 16); the responses themselves go through Store.insertResponses. */
export interface IntakeStore {
  /** Null when another pending entry holds the dossier. */
  addPaperEntry(entry: NewPaperEntry): Promise<PaperEntry | null>
  paperEntry(id: number): Promise<PaperEntry | undefined>
  /** Pending entries of one unit's counters (every unit when null), oldest first, and the latest stored ones, newest first. */
  paperEntries(unitCode: string | null, status: 'pending' | 'stored', limit: number): Promise<PaperEntry[]>
  /** Whether a response already evaluates the dossier. */
  dossierRated(dossier: string): Promise<boolean>
  /** Counts a second keying that disagreed; false when the entry is no longer pending. */
  countMismatch(id: number): Promise<boolean>
  /** Marks a pending entry stored by its checker; false when it was not pending. */
  markStored(id: number, checkedBy: number, at: number): Promise<boolean>
  /** Marks a pending entry discarded; false when it was not pending. */
  discard(id: number, by: number, at: number): Promise<boolean>
}
