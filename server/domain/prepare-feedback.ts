import { createHash } from 'node:crypto'
import * as v from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import type { Catalog } from '../../shared/catalog'
import { DEFAULT_CHANNEL, type Channel } from '../../shared/channels'
import { FeedbackIn, MAX_PHOTO_BYTES, PhotoData } from '../../shared/feedback'
import { deadlineFor, type DeadlineConfig, type PetitionType } from '../../shared/petition-types'
import type { ApiIssue } from '../../shared/response'
import { routeFeedback, type RoutingRule } from '../../shared/routing'
import { normaliseTrackingCode } from '../../shared/tracking-code'
import type { WorkingCalendar } from '../../shared/working-days'
import type { NewFeedback, NewFeedbackPhoto } from '../store/feedback-store'
import { reencodePhoto } from './reencode-photo'

/** Routing, deadlines and the calendar the server applies to a new item. */
export interface FeedbackRules {
  catalog: Catalog
  routing: readonly RoutingRule[]
  deadlines: DeadlineConfig
  calendar: WorkingCalendar
}

export type PreparedFeedback = { ok: true; value: NewFeedback } | { ok: false; id: string | null; trackingCode: string | null; error: ApiIssue }

/**
 * The petition type an item starts as. Everything filed through the public form is feedback until staff
 * reclassify it as a complaint or a denunciation (petition-types.ts), conduct included: whether a report of
 * rudeness is a denunciation is a legal judgement the citizen is not asked to make.
 */
export const INITIAL_PETITION_TYPE: PetitionType = 'feedback'

const MAGIC: Record<NewFeedbackPhoto['contentType'], (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
}

/** The type a photo's bytes say it is, whatever it was called. */
export function sniffImageType(bytes: Buffer): NewFeedbackPhoto['contentType'] | null {
  for (const [type, test] of Object.entries(MAGIC) as [NewFeedbackPhoto['contentType'], (b: Buffer) => boolean][]) if (test(bytes)) return type
  return null
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value)
}

function rawField(raw: unknown, field: string): unknown {
  return raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[field] : undefined
}

/**
 * Checks one item as sent (FeedbackIn whose photos carry `data`), reads its photos from base64 and sniffs
 * their type, routes it, computes its deadlines and, last because it costs most, re-encodes its photos
 * without their metadata (reencode-photo.ts). Personal data never reaches an error message: messages name
 * fields only.
 */
export async function prepareFeedback(
  raw: unknown,
  index: number,
  rules: FeedbackRules,
  receivedAt: number,
  channel: Channel = DEFAULT_CHANNEL,
): Promise<PreparedFeedback> {
  const prefix = `items.${index}`
  const rawId = rawField(raw, 'id')
  const rawCode = rawField(raw, 'trackingCode')
  let id = typeof rawId === 'string' ? rawId.toLowerCase() : null
  let trackingCode = typeof rawCode === 'string' && rawCode.length <= 40 ? normaliseTrackingCode(rawCode) : null
  const fail = (code: string, field: string, message: string): PreparedFeedback => ({
    ok: false,
    id,
    trackingCode,
    error: { code, path: `${prefix}.${field}`, message: `${prefix}.${field}: ${message}` },
  })

  // Take the bytes off each photo; the rest must be exactly a FeedbackIn.
  const rawPhotos = rawField(raw, 'photos')
  const data: unknown[] = []
  let withoutData = raw
  if (Array.isArray(rawPhotos)) {
    const refs = rawPhotos.map((photo: unknown, i) => {
      if (photo === null || typeof photo !== 'object' || Array.isArray(photo)) return photo
      const { data: bytes, ...ref } = photo as Record<string, unknown>
      data[i] = bytes
      return ref
    })
    withoutData = { ...(raw as object), photos: refs }
  }
  const parsed = v.safeParse(FeedbackIn, withoutData)
  if (!parsed.success) return { ok: false, id, trackingCode, error: fromValibotIssues(parsed.issues, prefix, FeedbackIn) }
  const input = parsed.output
  id = input.id
  trackingCode = input.trackingCode

  const photos: NewFeedbackPhoto[] = []
  for (const [i, ref] of input.photos.entries()) {
    const field = `photos.${i}.data`
    const encoded = v.safeParse(PhotoData, data[i])
    if (!encoded.success) return { ok: false, id, trackingCode, error: fromValibotIssues(encoded.issues, `${prefix}.${field}`, PhotoData) }
    const bytes = Buffer.from(encoded.output, 'base64')
    if (bytes.length > MAX_PHOTO_BYTES) return fail('photo_too_large', field, `must be at most ${MAX_PHOTO_BYTES} bytes (2 MB)`)
    if (bytes.length !== ref.byteSize) return fail('photo_size_mismatch', field, `holds ${bytes.length} bytes, not the ${ref.byteSize} declared in byteSize`)
    const sniffed = sniffImageType(bytes)
    if (sniffed !== ref.contentType) {
      return fail('photo_type_mismatch', field, `is ${sniffed ?? 'not a JPEG, PNG or WebP image'}, not the ${ref.contentType} declared in contentType`)
    }
    photos.push({ photoId: ref.id, contentType: sniffed, bytes })
  }

  const { catalog } = rules
  if (input.counter !== undefined && !catalog.counters.some((c) => c.code === input.counter)) return fail('unknown_counter', 'counter', `no counter "${input.counter}"`)
  if (input.procedure !== undefined && !catalog.procedures.some((p) => p.code === input.procedure)) {
    return fail('unknown_procedure', 'procedure', `no procedure "${input.procedure}"`)
  }
  // The schema enforces it already; personal data is the one rule checked twice.
  const consented = input.wantsAnswer && input.consent?.given === true
  if (input.contact !== undefined && !consented) return fail('invalid', 'consent', 'is required with contact details')

  const route = routeFeedback({ category: input.category, procedure: input.procedure ?? null, counter: input.counter ?? null }, rules.routing, catalog)
  const deadlines = deadlineFor(INITIAL_PETITION_TYPE, receivedAt, rules.deadlines, rules.calendar, { category: input.category })
  const submittedAt = Date.parse(input.submittedAt)
  // The hash covers the bytes as received (a re-encoding may differ between library versions): the same id
  // resent with another photo is a conflict, not a duplicate.
  const digest = createHash('sha256').update(stableStringify(input))
  for (const photo of photos) digest.update('\0').update(photo.bytes)

  const reencoded: NewFeedbackPhoto[] = []
  for (const [i, photo] of photos.entries()) {
    const result = await reencodePhoto(photo.bytes, photo.contentType)
    if (!result.ok) return fail(result.code, `photos.${i}.data`, result.message)
    reencoded.push({ ...photo, bytes: result.bytes })
  }

  return {
    ok: true,
    value: {
      id: input.id,
      hash: digest.digest('base64url'),
      trackingCode: input.trackingCode,
      category: input.category,
      petitionType: INITIAL_PETITION_TYPE,
      counterCode: input.counter ?? null,
      procedureCode: input.procedure ?? null,
      dossier: input.dossier ?? null,
      description: input.description,
      wantsAnswer: input.wantsAnswer,
      contact: consented && input.contact ? { name: input.contact.name, phone: input.contact.phone ?? null, email: input.contact.email ?? null } : null,
      hideName: input.hideName,
      // Consent counts from when the citizen sent it, never later than its arrival.
      consent: consented && input.consent ? { version: input.consent.textVersion, at: Math.min(submittedAt, receivedAt) } : null,
      unitCode: route?.unitCode ?? null,
      routedByRule: route?.ruleId ?? null,
      routeReason: route?.reason ?? null,
      receivedAt,
      acceptBy: deadlines.acceptBy,
      resolveBy: deadlines.resolveBy,
      lang: input.lang,
      channel,
      submittedAt,
      photos: reencoded,
    },
  }
}
