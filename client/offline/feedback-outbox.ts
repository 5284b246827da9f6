import { liveQuery } from 'dexie'
import * as v from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import { FeedbackIn } from '../../shared/feedback'
import { normaliseTrackingCode } from '../../shared/tracking-code'
import type { LocalFeedback, OutboxDb, QueuedPhoto } from './db'
import { isConstraintError } from './outbox'
import type { FeedbackEnqueueOutcome, MyFeedback, RejectedFeedback } from './types'

const invalid = (path: string, message: string): FeedbackEnqueueOutcome => ({ state: 'invalid', path, message: `${path}: ${message}` })

/**
 * Checks the item with the server's own schema and its photos against their PhotoRefs, then writes the
 * local record, the outbox entry and the photo bytes in one transaction, before any network call: the
 * tracking code shown to the citizen always belongs to an item the device holds. `add` (never `put`): the
 * same id twice is refused, not queued twice.
 */
export async function enqueueFeedback(db: OutboxDb, item: unknown, photos: readonly QueuedPhoto[] = [], now = Date.now()): Promise<FeedbackEnqueueOutcome> {
  const parsed = v.safeParse(FeedbackIn, item)
  if (!parsed.success) {
    const issue = fromValibotIssues(parsed.issues)
    return { state: 'invalid', message: issue.message, path: issue.path }
  }
  const payload = parsed.output
  const ordered: QueuedPhoto[] = []
  for (const [index, ref] of payload.photos.entries()) {
    const photo = photos.find((p) => p.id === ref.id)
    if (!photo) return invalid(`photos.${index}`, 'has no bytes on this device')
    if (photo.blob.size !== ref.byteSize) return invalid(`photos.${index}.byteSize`, `is ${ref.byteSize} but the photo holds ${photo.blob.size} bytes`)
    ordered.push({ id: photo.id, blob: photo.blob })
  }
  if (photos.length !== ordered.length) return invalid('photos', 'lists fewer photos than were given')
  const local: LocalFeedback = {
    id: payload.id,
    trackingCode: payload.trackingCode,
    previousCodes: [],
    category: payload.category,
    ...(payload.counter ? { counter: payload.counter } : {}),
    state: 'queued',
    queuedAt: now,
  }
  try {
    await db.transaction('rw', db.feedback, db.feedbackOutbox, async () => {
      await db.feedback.add(local)
      await db.feedbackOutbox.add({ id: payload.id, payload, photos: ordered, queuedAt: now, attempts: 0 })
    })
  } catch (error) {
    if (isConstraintError(error)) return { state: 'duplicate_here' }
    throw error
  }
  return { state: 'queued', id: payload.id, trackingCode: payload.trackingCode }
}

function mine({ id, trackingCode, previousCodes, category, state, queuedAt, sentAt }: LocalFeedback): MyFeedback {
  return { id, trackingCode, previousCodes, category, state, queuedAt, ...(sentAt === undefined ? {} : { sentAt }) }
}

/** The item filed from this device under a code, or under a code it had before the server asked for a new one. */
export async function findMyFeedback(db: OutboxDb, typed: string): Promise<MyFeedback | undefined> {
  const code = normaliseTrackingCode(typed)
  if (!code) return undefined
  const local =
    (await db.feedback.where('trackingCode').equals(code).first()) ?? (await db.feedback.filter((f) => f.previousCodes.includes(code)).first())
  return local && mine(local)
}

export async function readMyFeedback(db: OutboxDb, id: string): Promise<MyFeedback | undefined> {
  const local = await db.feedback.get(id)
  return local && mine(local)
}

function watch<T>(query: () => Promise<T>, onChange: (value: T) => void, what: string): () => void {
  const subscription = liveQuery(query).subscribe({
    next: onChange,
    error: (error: unknown) => console.error(`feedback outbox: cannot watch ${what}`, error),
  })
  return () => subscription.unsubscribe()
}

const newestFirst = (a: LocalFeedback, b: LocalFeedback) => b.queuedAt - a.queuedAt

/** The citizen's own items on this device, newest first, from any tab. */
export function watchMyFeedback(db: OutboxDb, onChange: (items: MyFeedback[]) => void): () => void {
  return watch(async () => (await db.feedback.toArray()).sort(newestFirst).map(mine), onChange, 'the items of this device')
}

export function watchFeedbackPending(db: OutboxDb, onChange: (count: number) => void): () => void {
  return watch(() => db.feedbackOutbox.count(), onChange, 'the pending count')
}

export function watchFeedbackRejected(db: OutboxDb, onChange: (items: RejectedFeedback[]) => void): () => void {
  return watch(
    async () =>
      (await db.feedbackRejected.orderBy('at').toArray()).map(({ id, status, message, path, at, payload }) => ({
        id,
        trackingCode: payload.trackingCode,
        status,
        message,
        path,
        at,
      })),
    onChange,
    'refused items',
  )
}
