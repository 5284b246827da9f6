/**
 * What an audited change was before and after it, as the audit tables keep it (admin_audit, feedback_events):
 * each a JSON column, NULL where there is nothing (no before for a creation).
 */
export function snapshotColumns(before: unknown, after: unknown): { before: string | null; after: string | null } {
  return { before: before === null ? null : JSON.stringify(before), after: after === null ? null : JSON.stringify(after) }
}

/** The two snapshots of a row read back. */
export function parseSnapshots(row: { before: string | null; after: string | null }): { before: unknown; after: unknown } {
  return { before: row.before === null ? null : JSON.parse(row.before), after: row.after === null ? null : JSON.parse(row.after) }
}
