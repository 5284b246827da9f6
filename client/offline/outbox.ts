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
  /**
   * Called the moment the response is safe in the outbox, before any network call: the page spends the form's
   * id there, so a tab closed or reloaded while the server is awaited never reuses it for the next rating.
   */
  onQueued?: (id: string) => void
  /**
   * A new id for a form that turns out to carry an id already queued with other answers (a tab reloaded in
   * the instant between the outbox write and the page spending the id): two forms are two ratings.
   */
  freshId?: () => string
}

/** The same form resent (double tap, retry, reload) carries the same answers; only the time of sending differs. */
function sameForm(a: ResponseIn, b: ResponseIn): boolean {
  return JSON.stringify({ ...a, submittedAt: '' }) === JSON.stringify({ ...b, submittedAt: '' })
}

/** Queues the response, asks for a flush, and reports only what the server has actually acknowledged. */
export async function submitResponse(
  db: OutboxDb,
  sync: Pick<Sync, 'triggerSync'>,
  response: unknown,
  { waitMs = 3000, now = Date.now, onQueued, freshId }: SubmitOptions = {},
): Promise<SubmitOutcome> {
  let queued = await enqueueResponse(db, response, now())
  if (!queued.ok && queued.outcome.state === 'duplicate_here' && freshId) {
    const resent = v.parse(ResponseIn, response)
    const held = await db.responses.get(resent.id)
    if (held && !sameForm(held.payload, resent)) queued = await enqueueResponse(db, { ...resent, id: freshId() }, now())
  }
  if (!queued.ok) return queued.outcome
  onQueued?.(queued.id)
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
