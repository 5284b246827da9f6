import { searchText } from '../postgres/feedback-search'
import type { SourceRow } from './sqlite-source'

/*
 * What the copy knows about the two schemas beyond "same table, same column name". Both schemas are read from
 * the databases at run time; a table or column on either side that is neither in both nor named here stops the
 * copy (table-plan.ts), so that a migration added to one store cannot be left behind silently.
 */

/** SQLite tables with no PostgreSQL table, and why nothing is lost by leaving them (their shadow tables go with them). */
export const SOURCE_ONLY: Readonly<Record<string, string>> = {
  feedback_search: "SQLite's FTS5 index of the descriptions; PostgreSQL searches feedback.search_text, which the copy computes",
}

/** PostgreSQL tables with no SQLite table: never copied, and not required to be empty. */
export const TARGET_ONLY: Readonly<Record<string, string>> = {
  schema_migrations: 'the PostgreSQL migrations applied, written by migrate()',
  catalog_version: 'moved on by the copy (AFTER_COPY), so that an instance already running on the target reads the catalog again',
  allowances: "per-client allowances of the running instances (UNLOGGED); SQLite keeps them in the process's memory",
  sign_in_attempts: 'sign-in attempts in progress on the running instances (UNLOGGED); SQLite keeps them in memory',
}

/** PostgreSQL columns with no SQLite column: the value the PostgreSQL store would have written, from the SQLite row. */
export const DERIVED: Readonly<Record<string, Readonly<Record<string, (row: SourceRow) => string>>>> = {
  feedback: { search_text: (row) => searchText(String(row.description)) },
}

/**
 * Rows the PostgreSQL migrations write into a table the copy fills: they do not make the target "not empty",
 * and are deleted before the SQLite file's rows are copied (the SQLite file has its own auth_subject_key, which
 * the stored hashes of typed usernames were made with).
 */
export const WRITTEN_BY_MIGRATIONS: Readonly<Record<string, string>> = {
  meta: "key = 'auth_subject_key'",
}

/** Run after the copy, in its transaction. */
export const AFTER_COPY: readonly string[] = ['UPDATE catalog_version SET version = version + 1']
