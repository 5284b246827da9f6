import { localDayStart, wallClock } from '../../shared/dates'
import { NOTICE_DUE_WORKING_DAYS, NOTICE_KINDS, type NoticeKind, type StaffNotification } from '../../shared/notifications'
import { addWorkingDays } from '../../shared/working-days'
import type { NoticeCandidate, StaffReader } from '../store/notification-store'
import type { Store } from '../store/store'
import { canSeeItem } from './feedback-access'
import { currentSetting } from './feedback-settings'
import { answerMail, digestMail } from './mail-texts'
import { type MailSettings, sendMail } from './mailer'
import { timerLoop } from './timer-loop'
import { retryDelay } from './webhooks'

/**
 * Telling people (README "Notifications and e-mail (SMTP)"): a timer loop in the server process, as the
 * webhook dispatcher's. Each round announces open items not announced yet — new in a unit, due within one
 * working day, overdue — to the staff who may see them (feedback-access.ts), marking each announcement in the
 * same transaction as its notifications so that it is made once whichever instance runs; then, when a mail
 * server is configured, queues the answer mails of items answered to citizens who left an e-mail address
 * with their consent and each officer's daily digest, and sends what the queue holds (leased, so that two
 * instances never send the same mail; retried with back-off until two days have passed). Requests never
 * wait for any of it. The log names mails by their ids only.
 */

const LEASE_MS = 120_000
const BATCH = 200
/** Answers older than this when first seen are not mailed: a mail server configured later does not mail the past. */
const ANSWER_LOOKBACK_MS = 24 * 3_600_000
const NOTICE_LIST = 200

export interface NotifierOptions {
  /** Null: no mail server; in-app notifications only. */
  mail: MailSettings | null
  now?: () => number
  intervalMs?: number
  /** Between two looks for items to announce (and mails to queue); NOTIFY_INTERVAL_SECONDS. */
  announceEveryMs?: number
  /** Mails in flight at once. */
  concurrency?: number
}

export interface Notifier {
  /** One round: announcements when due (always in tests' first tick), mails to queue, mails to send. */
  tick(): Promise<void>
  start(): void
  stop(): Promise<void>
}

/** Who is told of an item: the notified roles among those who may see it. */
export function recipientsOf(readers: StaffReader[], unitCode: string | null): number[] {
  return readers.filter((r) => canSeeItem(r, unitCode)).map((r) => r.id)
}

/** The officer's notifications whose items they may still see (an item forwarded away leaves their list). */
export async function visibleNotifications(store: Store, reader: StaffReader, limit = NOTICE_LIST): Promise<StaffNotification[]> {
  return (await store.notifications.list(reader.id, limit)).filter((n) => canSeeItem(reader, n.unitCode))
}

function pastTime(now: number, time: string): boolean {
  const { hour, minute } = wallClock(now)
  const [h, m] = time.split(':').map(Number) as [number, number]
  return hour * 60 + minute >= h * 60 + m
}

export function createNotifier(store: Store, options: NotifierOptions): Notifier {
  const now = options.now ?? Date.now
  const intervalMs = options.intervalMs ?? 5_000
  const concurrency = options.concurrency ?? 4
  const announceEveryMs = options.announceEveryMs ?? 60_000
  const mail = options.mail
  let lastAnnounce = -Infinity

  async function announce(at: number) {
    const calendar = (await currentSetting(store, 'calendar')).value
    const until = addWorkingDays(at, NOTICE_DUE_WORKING_DAYS, calendar)
    let readers: StaffReader[] | undefined
    for (const kind of NOTICE_KINDS) {
      for (;;) {
        const items: NoticeCandidate[] = await store.notifications.unannounced(kind, at, until, BATCH)
        readers ??= await store.notifications.readers()
        for (const item of items) await store.notifications.announce(kind as NoticeKind, item, recipientsOf(readers, item.unitCode), at)
        if (items.length < BATCH) break
      }
    }
  }

  async function queueAnswers(settings: MailSettings, at: number) {
    for (const item of await store.notifications.answersToMail(at - ANSWER_LOOKBACK_MS, BATCH)) {
      const text = answerMail(settings.publicUrl, item.trackingCode, item.publicAnswer)
      await store.notifications.queueMail({ id: `answer:${item.feedbackId}`, kind: 'answer', feedbackId: item.feedbackId, ...text, at })
    }
  }

  /** What each officer was told of since their last digest and still waits: an item answered meanwhile is left out. */
  async function queueDigests(settings: MailSettings, at: number) {
    if (settings.digestTime === null || !pastTime(at, settings.digestTime)) return
    const day = wallClock(at).day
    for (const reader of await store.notifications.digestReaders(day)) {
      const since = reader.lastDigestAt ?? localDayStart(day) - 24 * 3_600_000
      const notices = (await visibleNotifications(store, reader, 500)).filter((n) => n.open && n.createdAt > since).toReversed()
      const mailed = notices.length === 0 ? null : { id: `digest:${reader.id}:${day}`, kind: 'digest' as const, staffId: reader.id, ...digestMail(settings.publicUrl, day, notices), at }
      await store.notifications.recordDigest(reader.id, day, at, notices.length, mailed)
    }
  }

  async function sendQueued(settings: MailSettings) {
    for (;;) {
      const batch = await store.notifications.claimMail(now(), concurrency, LEASE_MS)
      await Promise.all(
        batch.map(async (m) => {
          const outcome = m.to === null ? { ok: false, error: 'NO_ADDRESS', permanent: true } : await sendMail(settings, { to: m.to, subject: m.subject, text: m.text, html: m.html })
          const at = now()
          if (outcome.ok) {
            await store.notifications.finishMail(m.id, m.leaseToken, { sent: true, at })
            return
          }
          const retryAt = at + retryDelay(m.attempts)
          const again = !outcome.permanent && retryAt <= m.giveUpAt
          await store.notifications.finishMail(m.id, m.leaseToken, { sent: false, at, error: outcome.error ?? 'ERROR', retryAt: again ? retryAt : null })
          console.warn(`mail: ${m.id} not sent (${outcome.error ?? 'ERROR'}), ${again ? `try ${m.attempts + 1} at ${new Date(retryAt).toISOString()}` : 'given up'}`)
        }),
      )
      if (batch.length < concurrency || loop.stopping) return
    }
  }

  async function round() {
    const at = now()
    if (at - lastAnnounce >= announceEveryMs) {
      lastAnnounce = at
      await announce(at)
      if (mail) {
        await queueAnswers(mail, at)
        await queueDigests(mail, at)
      }
    }
    if (mail) await sendQueued(mail)
  }

  const loop = timerLoop('notifications: round failed', intervalMs, round)
  return {
    tick: loop.tick,
    start: loop.start,
    async stop() {
      await loop.stop()
      mail?.transport.close()
    },
  }
}
