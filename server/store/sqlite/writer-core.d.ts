import type Database from 'better-sqlite3'
import type { PreparedResponse } from '../../domain/prepare-response'
import type { InsertStatus } from '../store'

/** A prepared response as positional column values, less the hash (see writer-core.js). */
export type Row = [
  id: string,
  counterCode: string,
  unitCode: string,
  procedureCode: string | null,
  dossier: string | null,
  questionnaireKey: string,
  questionnaireVersion: number,
  level: string | null,
  score: number | null,
  maxScore: number | null,
  lang: string,
  submittedAt: number,
  receivedAt: number,
  ratedAt: number,
  localDay: string,
  weekStart: string,
  hour: number,
  weekday: number,
  payload: string,
  answers: (string | number | null)[],
]

export function configure(db: Database.Database): void
/** SHA-256 of a response's payload, base64url: what a resent id must match. */
export function contentHash(payload: string): string
/** The items as rows, what the writer thread is sent. */
export function toRows(items: PreparedResponse[]): Row[]
export function rowWriter(db: Database.Database): (rows: Row[]) => InsertStatus[]
export function responseWriter(db: Database.Database): (items: PreparedResponse[]) => InsertStatus[]
