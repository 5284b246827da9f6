import { liveQuery } from 'dexie'
import * as v from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import { ResponseIn } from '../../shared/response'
import type { OutboxDb } from './db'
import type { Sync } from './sync'
import type { RejectedItem, SubmitOutcome } from './types'

export type EnqueueResult = { ok: true; id: string } | { ok: false; outcome: SubmitOutcome }

/** A unique index refused the write: the same id was queued already. */
export function isConstraintError(error: unknown): boolean {
  const e = error as { name?: unknown; inner?: { name?: unknown } } | null
  return e?.name === 'ConstraintError' || e?.inner?.name === 'ConstraintError'
}

/**
 * Checks the response with the server's own schema, then writes the local record and its outbox entry in
 * one transaction — before any network call, so nothing the page accepted can go untracked. `add` (never
 * `put`) makes a second submission of the same id fail instead of queueing it twice.
 */
export async function enqueueResponse(db: OutboxDb, response: unknown, now = Date.now()): Promise<EnqueueResult> {
  const parsed = v.safeParse(ResponseIn, response)
  if (!parsed.success) {
    const issue = fromValibotIssues(parsed.issues)
    return { ok: false, outcome: { state: 'rejected', status: 'invalid', message: issue.message } }
  }
  const payload = parsed.output
  try {
    await db.transaction('rw', db.responses, db.outbox, async () => {
      await db.responses.add({ id: payload.id, payload, state: 'queued', queuedAt: now })
      await db.outbox.add({ id: payload.id, payload, queuedAt: now, attempts: 0 })
    })
  } catch (error) {
    if (isConstraintError(error)) return { ok: false, outcome: { state: 'duplicate_here' } }
    throw error
  }
  return { ok: true, id: payload.id }
}

/** What the device knows about one response now: the database is the truth, whichever tab flushed it. */
export async function readOutcome(db: OutboxDb, id: string): Promise<SubmitOutcome> {
  const local = await db.responses.get(id)
  if (local?.state === 'sent') return { state: 'sent' }
  const refused = await db.rejected.get(id)
  if (refused) return { state: 'rejected', status: refused.status, message: refused.message }
  return { state: 'queued' }
}

export interface SubmitOptions {
  /** How long the page waits for the flush this submission triggers before answering "queued". */
  waitMs?: number
  now?: () => number
}

/** Queues the response, asks for a flush, and reports only what the server has actually acknowledged. */
export async function submitResponse(
  db: OutboxDb,
  sync: Pick<Sync, 'triggerSync'>,
  response: unknown,
  { waitMs = 3000, now = Date.now }: SubmitOptions = {},
): Promise<SubmitOutcome> {
  const queued = await enqueueResponse(db, response, now())
  if (!queued.ok) return queued.outcome
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([
    sync.triggerSync('submit'),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs)
    }),
  ])
  clearTimeout(timer)
  return readOutcome(db, queued.id)
}

/** Calls `onChange` with the outbox size now and after every change, from any tab; returns the unsubscribe. */
export function watchPending(db: OutboxDb, onChange: (count: number) => void): () => void {
  const subscription = liveQuery(() => db.outbox.count()).subscribe({
    next: onChange,
    error: (error: unknown) => console.error('outbox: cannot watch pending count', error),
  })
  return () => subscription.unsubscribe()
}

export function watchRejected(db: OutboxDb, onChange: (items: RejectedItem[]) => void): () => void {
  const subscription = liveQuery(() => db.rejected.orderBy('at').toArray()).subscribe({
    next: (rows) => onChange(rows.map(({ id, status, message, at }) => ({ id, status, message, at }))),
    error: (error: unknown) => console.error('outbox: cannot watch rejected responses', error),
  })
  return () => subscription.unsubscribe()
}
