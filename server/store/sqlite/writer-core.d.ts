import type Database from 'better-sqlite3'
import type { PreparedResponse } from '../../domain/prepare-response'
import type { InsertStatus } from '../store'

export function configure(db: Database.Database): void
export function responseWriter(db: Database.Database): (items: PreparedResponse[]) => InsertStatus[]
