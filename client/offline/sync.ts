import type { EntityTable } from 'dexie'
import * as v from 'valibot'
import { ACCEPTED_STATUSES, MAX_BATCH, type ItemStatus } from '../../shared/response'
import type { OutboxDb, OutboxEntry, RejectedEntry } from './db'
import type { RejectionStatus } from './types'

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>
/** Runs `run` after `ms`; returns a function that cancels it. */
export type SetTimer = (run: () => void, ms: number) => () => void
export type TriggerReason = 'start' | 'submit' | 'online' | 'visible' | 'timer' | 'probe' | 'manual'

/** What every outbox entry has, whatever it carries: the replay order, the idempotency key, the attempts. */
export interface QueuedEntry {
  seq: number
  id: string
  attempts: number
  lastError?: string
}

/** What one item's result means for its entry. */
export type Verdict =
  /** Stored now or already: the entry leaves the outbox. */
  | 'accepted'
  /** Refused for good: the entry is kept aside with the reason, never dropped. */
  | 'refused'
  /** Refused for a reason the device can fix (a tracking code taken): the entry is changed and sent again. */
  | 'retry'

export interface AcceptedEntry<Entry> {
  entry: Entry
  result: SyncAnswer
}

export interface RefusedEntry<Entry> {
  entry: Entry
  status: string
  message: string
  path: string
}

/**
 * One outbox as the flush sees it: responses (the default) or feedback items. The flush owns the order,
 * the one-at-a-time rule, the back-off and the reading of answers; the queue says what goes in a request
 * and writes what an answer means, in one transaction.
 */
export interface SyncQueue<Entry extends QueuedEntry = QueuedEntry> {
  /** The entries, by `seq`: counted, read and marked with each attempt. */
  readonly entries: EntityTable<Entry, 'seq'>
  /** Most items one request may hold. */
  readonly maxBatch: number
  /** What the items are called in messages ("responses"). */
  readonly noun: string
  /** The next request's entries, oldest first, at most `size`. */
  nextBatch(size: number): Promise<Entry[]>
  /** The JSON body of one request. */
  body(batch: Entry[]): Promise<string>
  /** Undefined for a status the queue does not know: the entry stays for a later flush. */
  verdict(result: SyncAnswer): Verdict | undefined
  /** Applies one answer's verdicts. */
  settle(outcome: { accepted: AcceptedEntry<Entry>[]; refused: RefusedEntry<Entry>[]; retried: Entry[] }, at: number): Promise<void>
}

export interface SyncOptions<Entry extends QueuedEntry = OutboxEntry> {
  db: OutboxDb
  /** Which outbox this Sync sends; the responses outbox of `db` by default. */
  queue?: SyncQueue<Entry>
  /** Defaults to the global fetch. */
  fetch?: FetchLike
  /** Defaults to `/api/responses` (same origin); give a full URL outside the browser. */
  endpoint?: string
  /** Most items per POST (1 to the queue's maximum, 500 for responses). A 413 halves it for the rest of this Sync's life. */
  batchSize?: number
  now?: () => number
  setTimer?: SetTimer
  /** For the jitter; [0, 1). */
  random?: () => number
  /** `false` skips the POST altogether; defaults to `navigator.onLine` where there is one. */
  isOnline?: () => boolean
  backoff?: { initialMs: number; maxMs: number }
  /** A request that hangs must not hold the flush forever. */
  requestTimeoutMs?: number
  /** Serialises flushes across tabs (Web Locks in the browser); one Sync never overlaps itself anyway. */
  exclusive?: <T>(run: () => Promise<T>) => Promise<T>
  onSyncing?: (syncing: boolean) => void
  /**
   * While the server cannot be reached, a cheap request every `everyMs` (±20 %) that resolves true once it
   * answers: the outbox then leaves at once instead of at the next back-off, which grows to minutes. Only
   * while `active()` (in the browser: the page is visible); a 429 or a Retry-After is obeyed, never probed.
   */
  probe?: { check: () => Promise<boolean>; everyMs: number; active?: () => boolean }
}

export type FailureKind =
  /** The device knows it has no network; nothing was sent. */
  | 'offline'
  /** Inside the server's Retry-After window; nothing was sent. */
  | 'deferred'
  | 'network'
  /** The whole request got a non-2xx answer. */
  | 'http'
  /** A 2xx answer that is not `{ results: [...] }`. */
  | 'malformed'
  /** The answer did not cover every item sent. */
  | 'unacknowledged'
  /** IndexedDB failed. */
  | 'storage'

export interface FlushReport {
  /** Ids the server stored now or had already stored: gone from the outbox. */
  acknowledged: string[]
  /** Ids the server refused for good: moved to the `rejected` table. */
  rejected: string[]
  /** Entries still in the outbox when the flush ended. */
  remaining: number
  failure?: { kind: FailureKind; status?: number; message: string }
  /** When this Sync's timer will try again (epoch ms), if entries remain and it is not stopped. */
  retryAt?: number
}

export interface Sync {
  /** Sends the outbox, oldest first, batch after batch, until it is empty or something fails. Never rejects. */
  flushOutbox(): Promise<FlushReport>
  /** A flush for a reason; `online` also forgets the back-off, since the failures it counted are stale. */
  triggerSync(reason?: TriggerReason): Promise<FlushReport>
  pendingCount(): Promise<number>
  isOnline(): boolean
  /** The batch size now (smaller than configured after a 413). */
  batchSize(): number
  /** Cancels the timer and schedules nothing more; explicit flushes still work. */
  stop(): void
}

export const RESPONSES_ENDPOINT = '/api/responses'
export const DEFAULT_BACKOFF = { initialMs: 5_000, maxMs: 5 * 60_000 }
/** A proxy answering `Retry-After: 99999` must not silence a device for a day. */
const MAX_RETRY_AFTER_MS = 60 * 60_000

/** Lenient about what is not needed: an unknown status leaves its item in the outbox rather than failing the rest. */
const BatchAnswer = v.object({
  results: v.array(
    // Loose: a queue may read more of an item's result (feedback's canonical `trackingCode`).
    v.looseObject({
      index: v.pipe(v.number(), v.integer()),
      id: v.nullable(v.string()),
      status: v.string(),
      error: v.optional(v.object({ code: v.optional(v.string()), message: v.string(), path: v.string() })),
    }),
  ),
})
/** The server's result for one item, as far as the flush reads it. */
export type SyncAnswer = v.InferOutput<typeof BatchAnswer>['results'][number]
type Answer = SyncAnswer

const REJECTIONS: readonly string[] = ['conflict', 'dossier_already_rated', 'invalid'] satisfies RejectionStatus[]

/** The responses outbox of `db`: batches by `seq`, refused items kept in `rejected`. */
export function responsesQueue(db: OutboxDb): SyncQueue<OutboxEntry> {
  return {
    entries: db.outbox,
    maxBatch: MAX_BATCH,
    noun: 'responses',
    nextBatch: (size) => db.outbox.orderBy('seq').limit(size).toArray(),
    body: async (batch) => JSON.stringify({ responses: batch.map((entry) => entry.payload) }),
    verdict(result) {
      if (ACCEPTED_STATUSES.includes(result.status as ItemStatus)) return 'accepted'
      return REJECTIONS.includes(result.status) ? 'refused' : undefined
    },
    async settle({ accepted, refused }, at) {
      const rejected: RejectedEntry[] = refused.map(({ entry, status, message, path }) => ({
        id: entry.id,
        status: status as RejectionStatus,
        message,
        path,
        at,
        payload: entry.payload,
      }))
      await db.transaction('rw', db.outbox, db.responses, db.rejected, async () => {
        await db.outbox.bulkDelete([...accepted, ...refused].map(({ entry }) => entry.seq))
        await db.rejected.bulkPut(rejected)
        for (const { entry } of accepted) await db.responses.update(entry.id, { state: 'sent', sentAt: at })
        for (const entry of rejected) await db.responses.update(entry.id, { state: 'rejected' })
      })
    },
  }
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined
  const trimmed = header.trim()
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now
  if (!Number.isFinite(ms)) return undefined
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS)
}

/** Exponential from `initialMs`, ±20 % so a room full of phones does not retry in step, never above `maxMs`. */
export function backoffDelay(failures: number, { initialMs, maxMs }: { initialMs: number; maxMs: number }, random: () => number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1))
  return Math.min(maxMs, Math.round(base * (0.8 + 0.4 * random())))
}

/** The server prefixes paths with the item's place in the batch, which means nothing to the person reading it. */
function withoutBatchIndex(text: string): string {
  return text.replace(/^(?:responses|items)\.\d+\.?/, '')
}

type Attempt =
  | { kind: 'answered'; results: Answer[] }
  | { kind: 'too_large'; message: string }
  | { kind: 'failed'; failure: NonNullable<FlushReport['failure']>; retryAfterMs?: number }

const defaultSetTimer: SetTimer = (run, ms) => {
  const handle = setTimeout(run, ms)
  return () => clearTimeout(handle)
}

/** Failures that say the server is down or unreachable, not that it refused: worth probing for its return. */
function serverUnreachable(failure: FlushReport['failure']): boolean {
  return failure?.kind === 'network' || (failure?.kind === 'http' && [502, 503, 504].includes(failure.status ?? 0))
}

/** Resending items the queue changed (a new tracking code) more often than this in one flush waits for the back-off. */
const MAX_RETRIES_PER_FLUSH = 3

export function createSync<Entry extends QueuedEntry = OutboxEntry>(options: SyncOptions<Entry>): Sync {
  const {
    db,
    // Without a queue, Entry is the default OutboxEntry: the responses outbox is the queue asked for.
    queue = responsesQueue(db) as unknown as SyncQueue<Entry>,
    endpoint = RESPONSES_ENDPOINT,
    now = Date.now,
    setTimer = defaultSetTimer,
    random = Math.random,
    backoff = DEFAULT_BACKOFF,
    requestTimeoutMs = 30_000,
    exclusive = (run) => run(),
    onSyncing,
  } = options
  // Bound late: the browser's fetch throws "Illegal invocation" when called detached from window.
  const send: FetchLike = options.fetch ?? ((url, init) => fetch(url, init))
  const isOnline = options.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false)
  let size = Math.min(queue.maxBatch, Math.max(1, Math.floor(options.batchSize ?? queue.maxBatch)))
  let failures = 0
  /** The server's Retry-After, as an instant: no request before it. */
  let notBefore = 0
  let cancelTimer: (() => void) | undefined
  let cancelProbe: (() => void) | undefined
  let stopped = false
  let running: Promise<FlushReport> | undefined
  let followUp: Promise<FlushReport> | undefined

  async function post(batch: Entry[]): Promise<Attempt> {
    const controller = new AbortController()
    const timeout = setTimeout(() => controller.abort(), requestTimeoutMs)
    try {
      let res: Response
      try {
        res = await send(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: await queue.body(batch),
          signal: controller.signal,
        })
      } catch (error) {
        return { kind: 'failed', failure: { kind: 'network', message: error instanceof Error ? error.message : String(error) } }
      }
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: unknown } } | null
        const detail = typeof body?.error?.message === 'string' ? body.error.message : res.statusText
        const message = `HTTP ${res.status}${detail ? `: ${detail}` : ''}`
        if (res.status === 413) return { kind: 'too_large', message }
        return {
          kind: 'failed',
          failure: { kind: 'http', status: res.status, message },
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
        }
      }
      const body: unknown = await res.json().catch(() => undefined)
      const parsed = v.safeParse(BatchAnswer, body)
      if (!parsed.success) {
        return { kind: 'failed', failure: { kind: 'malformed', status: res.status, message: `HTTP ${res.status} without a readable list of results` } }
      }
      return { kind: 'answered', results: parsed.output.results }
    } catch (error) {
      // Reading the body can fail too (connection cut mid-answer, timeout): nothing was acknowledged.
      return { kind: 'failed', failure: { kind: 'network', message: error instanceof Error ? error.message : String(error) } }
    } finally {
      clearTimeout(timeout)
    }
  }

  async function noteAttempt(entries: Entry[], message: string): Promise<void> {
    const seqs = entries.map((entry) => entry.seq)
    await queue.entries
      .where('seq')
      .anyOf(seqs)
      .modify((entry) => {
        entry.attempts += 1
        entry.lastError = message
      })
  }

  /** Applies the server's answers; returns the entries it said nothing (usable) about, and those changed to go again. */
  async function settle(batch: Entry[], results: Answer[], report: FlushReport): Promise<{ unanswered: Entry[]; retried: Entry[] }> {
    const byIndex = new Map(results.map((result) => [result.index, result]))
    const accepted: AcceptedEntry<Entry>[] = []
    const refused: RefusedEntry<Entry>[] = []
    const retried: Entry[] = []
    const unanswered: Entry[] = []
    batch.forEach((entry, index) => {
      const result = byIndex.get(index)
      // An answer for another id (or none) acknowledges nothing; a null id only comes with an unreadable item.
      const matches = result && (result.id === entry.id || (result.id === null && result.status === 'invalid'))
      const verdict = result && matches ? queue.verdict(result) : undefined
      if (!result || verdict === undefined) unanswered.push(entry)
      else if (verdict === 'accepted') accepted.push({ entry, result })
      else if (verdict === 'retry') retried.push(entry)
      else {
        refused.push({
          entry,
          status: result.status,
          message: withoutBatchIndex(result.error?.message ?? result.status),
          path: withoutBatchIndex(result.error?.path ?? ''),
        })
      }
    })
    if (accepted.length + refused.length + retried.length > 0) await queue.settle({ accepted, refused, retried }, now())
    report.acknowledged.push(...accepted.map(({ entry }) => entry.id))
    report.rejected.push(...refused.map(({ entry }) => entry.id))
    return { unanswered, retried }
  }

  async function sendAll(report: FlushReport): Promise<void> {
    if (now() < notBefore) {
      report.failure = { kind: 'deferred', message: `the server asked to wait until ${new Date(notBefore).toISOString()}` }
      return
    }
    if (!isOnline()) {
      report.failure = { kind: 'offline', message: 'the device is offline' }
      return
    }
    let retries = 0
    for (;;) {
      const batch = await queue.nextBatch(size)
      if (batch.length === 0) return
      const attempt = await post(batch)
      if (attempt.kind === 'too_large' && batch.length > 1) {
        size = Math.max(1, Math.floor(batch.length / 2))
        await noteAttempt(batch, attempt.message)
        continue
      }
      if (attempt.kind !== 'answered') {
        const failure = attempt.kind === 'failed' ? attempt.failure : { kind: 'http' as const, status: 413, message: attempt.message }
        await noteAttempt(batch, failure.message)
        if (attempt.kind === 'failed' && attempt.retryAfterMs !== undefined) notBefore = now() + attempt.retryAfterMs
        report.failure = failure
        return
      }
      const { unanswered, retried } = await settle(batch, attempt.results, report)
      if (unanswered.length + retried.length < batch.length) failures = 0
      if (unanswered.length > 0) {
        const message = `the server's answer left ${unanswered.length} of ${batch.length} ${queue.noun} unacknowledged`
        await noteAttempt(unanswered, message)
        // Sending again at once would loop on the same answer: wait like after any other failure.
        report.failure = { kind: 'unacknowledged', message }
        return
      }
      // A changed entry goes again at once, at the head of the queue; a server that keeps refusing the
      // change must not keep this flush spinning.
      if (retried.length > 0 && ++retries > MAX_RETRIES_PER_FLUSH) {
        const message = `the server asked ${retries} times in a row to change ${retried.length} of ${batch.length} ${queue.noun}`
        await noteAttempt(retried, message)
        report.failure = { kind: 'unacknowledged', message }
        return
      }
    }
  }

  function stopProbing(): void {
    cancelProbe?.()
    cancelProbe = undefined
  }

  /** Probes until the server answers, then flushes with the back-off forgotten; stops on any other outcome. */
  function startProbing(): void {
    const { probe } = options
    if (!probe || cancelProbe || stopped) return
    const next = () => {
      cancelProbe = setTimer(() => {
        cancelProbe = undefined
        if (stopped) return
        if (!isOnline() || (probe.active && !probe.active()) || now() < notBefore) return next()
        void probe.check().then(
          (up) => {
            if (stopped) return
            if (!up) return next()
            failures = 0
            void triggerSync('probe')
          },
          () => next(),
        )
      }, Math.round(probe.everyMs * (0.8 + 0.4 * random())))
    }
    next()
  }

  function schedule(report: FlushReport): void {
    if (report.remaining === 0) {
      failures = 0
      cancelTimer?.()
      cancelTimer = undefined
      stopProbing()
      return
    }
    if (report.failure && report.failure.kind !== 'deferred') failures += 1
    if (stopped) return
    const delay = Math.max(backoffDelay(failures, backoff, random), notBefore - now())
    cancelTimer?.()
    cancelTimer = setTimer(() => {
      cancelTimer = undefined
      void triggerSync('timer')
    }, delay)
    report.retryAt = now() + delay
    if (serverUnreachable(report.failure) && notBefore <= now()) startProbing()
    else stopProbing()
  }

  async function runFlush(): Promise<FlushReport> {
    const report: FlushReport = { acknowledged: [], rejected: [], remaining: 0 }
    onSyncing?.(true)
    try {
      await exclusive(() => sendAll(report))
      report.remaining = await queue.entries.count()
    } catch (error) {
      report.failure = { kind: 'storage', message: error instanceof Error ? error.message : String(error) }
      report.remaining = await queue.entries.count().catch(() => -1)
    } finally {
      onSyncing?.(false)
    }
    schedule(report)
    return report
  }

  function begin(): Promise<FlushReport> {
    const run: Promise<FlushReport> = runFlush().finally(() => {
      if (running === run) running = undefined
    })
    running = run
    return run
  }

  /**
   * At most one flush runs; a call during it gets one follow-up flush, shared by every caller meanwhile, so
   * whatever was queued after the running flush read the outbox is still sent — and never two POSTs at once.
   */
  function flushOutbox(): Promise<FlushReport> {
    if (followUp) return followUp
    if (running) {
      followUp = running.then(() => {
        followUp = undefined
        return begin()
      })
      return followUp
    }
    return begin()
  }

  function triggerSync(reason: TriggerReason = 'manual'): Promise<FlushReport> {
    if (reason === 'online') failures = 0
    return flushOutbox()
  }

  return {
    flushOutbox,
    triggerSync,
    pendingCount: () => queue.entries.count(),
    isOnline,
    batchSize: () => size,
    stop() {
      stopped = true
      cancelTimer?.()
      cancelTimer = undefined
      stopProbing()
    },
  }
}
