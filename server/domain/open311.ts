import { createHash, randomBytes } from 'node:crypto'
import { uuidv7 } from 'uuidv7'
import type { Catalog } from '../../shared/catalog'
import { wallClock } from '../../shared/dates'
import { FEEDBACK_CATEGORIES, type FeedbackCategory, isOpenStatus } from '../../shared/feedback'
import { FEEDBACK_CATEGORY_LABELS } from '../../shared/messages/feedback'
import type { Open311Attribute, Open311AttributeDefinition, Open311RequestForm, Open311Service, Open311ServiceDefinition, Open311ServiceRequest } from '../../shared/open311'
import { generateTrackingCode } from '../../shared/tracking-code'
import type { Open311RequestRow } from '../store/open311-store'
import type { Store } from '../store/store'
import { currentFeedbackRules } from './feedback-settings'
import { prepareFeedback } from './prepare-feedback'

/**
 * Open311 GeoReport v2 over hailong's feedback: the services are the feedback categories, a service request
 * is a feedback item filed, routed and timed exactly as one from the citizen pages (prepareFeedback), and
 * what GET answers is the public view of an item: never its description, contact details or notes.
 */

/**
 * The consent version an item filed through Open311 records with contact details: the API client asserts
 * that the person agreed (its terms are the client's to show); the item's open311_key_id says which client.
 */
export const OPEN311_CONSENT_VERSION = 'open311-client'

const KEY_PREFIX = 'o311_'

/** A new API key: 32 random bytes, base64url, after a prefix that makes a leaked one easy to recognise. */
export function generateOpen311Key(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url')
}

/** What the store keeps of a key: its SHA-256 (the key is random and long: no slow hash needed). */
export function hashOpen311Key(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** Creates a key for `name`: the key itself is returned this once and never stored. */
export async function createOpen311Key(store: Store, name: string, actor: { id: number; at: number } | null) {
  const key = generateOpen311Key()
  const record = await store.open311.createKey({ name, keyHash: hashOpen311Key(key) }, actor, actor?.at ?? Date.now())
  return { key, record }
}

const two = (n: number) => String(n).padStart(2, '0')

/** A W3C datetime in Hà Tĩnh's time, as the spec's examples write them: 2026-03-02T08:00:00+07:00. */
export function w3cDateTime(ms: number): string {
  const clock = wallClock(ms)
  const local = Date.UTC(Number(clock.day.slice(0, 4)), Number(clock.day.slice(5, 7)) - 1, Number(clock.day.slice(8, 10)), clock.hour, clock.minute, clock.second)
  const offset = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000)
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  return `${clock.day}T${two(clock.hour)}:${two(clock.minute)}:${two(clock.second)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
}

export const isCategory = (code: string): code is FeedbackCategory => (FEEDBACK_CATEGORIES as readonly string[]).includes(code)

export function open311Services(): Open311Service[] {
  return FEEDBACK_CATEGORIES.map((category) => ({
    service_code: category,
    service_name: FEEDBACK_CATEGORY_LABELS[category].vi,
    description: FEEDBACK_CATEGORY_LABELS[category].en,
    // Every service takes the same optional attributes: where the matter happened.
    metadata: true,
    type: 'realtime',
    keywords: '',
    group: 'Phản ánh, kiến nghị',
  }))
}

const attribute = (code: Open311Attribute, order: number, description: string, values?: { key: string; name: string }[]): Open311AttributeDefinition => ({
  variable: true,
  code,
  datatype: values ? 'singlevaluelist' : 'string',
  required: false,
  datatype_description: values ? '' : 'Mã hồ sơ trên giấy biên nhận / the dossier code on the receipt',
  order,
  description,
  ...(values ? { values } : {}),
})

export function open311Definition(category: FeedbackCategory, catalog: Catalog): Open311ServiceDefinition {
  return {
    service_code: category,
    attributes: [
      attribute('procedure', 1, 'Thủ tục hành chính / The administrative procedure', catalog.procedures.map((p) => ({ key: p.code, name: p.name.vi }))),
      attribute('counter', 2, 'Quầy tiếp nhận / The counter', catalog.counters.map((c) => ({ key: c.code, name: c.name.vi }))),
      attribute('dossier', 3, 'Mã hồ sơ / The dossier code'),
    ],
  }
}

/** An item as GET requests shows it to anyone. */
export function toOpen311Request(row: Open311RequestRow, catalog: Catalog): Open311ServiceRequest {
  const unit = row.unitCode === null ? undefined : catalog.units.find((u) => u.code === row.unitCode)
  const counter = row.counterCode === null ? undefined : catalog.counters.find((c) => c.code === row.counterCode)
  return {
    service_request_id: row.id,
    status: isOpenStatus(row.status) ? 'open' : 'closed',
    status_notes: row.publicAnswer,
    service_name: FEEDBACK_CATEGORY_LABELS[row.category].vi,
    service_code: row.category,
    agency_responsible: unit?.name.vi ?? row.unitCode,
    service_notice: null,
    requested_datetime: w3cDateTime(row.receivedAt),
    updated_datetime: w3cDateTime(row.updatedAt),
    expected_datetime: w3cDateTime(row.resolveBy),
    // The address the client gave, else the counter's, which is public.
    address: row.address ?? counter?.location.vi ?? null,
    lat: row.lat,
    long: row.long,
    media_url: row.mediaUrl,
  }
}

/** FeedbackIn's fields as Open311 names them, for error messages the client can act on. */
const FIELD_NAMES: Record<string, string> = {
  category: 'service_code',
  description: 'description',
  contact: 'email',
  'contact.name': 'first_name',
  'contact.phone': 'phone',
  'contact.email': 'email',
  counter: 'attribute[counter]',
  procedure: 'attribute[procedure]',
  dossier: 'attribute[dossier]',
}

export type Filed = { ok: true; id: string; trackingCode: string } | { ok: false; status: 400 | 503; description: string }

/**
 * Files a request as a feedback item: the form put in FeedbackIn's shape, then checked, routed and timed by
 * prepareFeedback and stored by store.feedback.insert, as the citizen pages' items are. Contact details are
 * kept with the consent the client asserts (OPEN311_CONSENT_VERSION). A tracking code already taken (one
 * chance in 10^14) is drawn again.
 */
export async function fileOpen311Request(store: Store, form: Open311RequestForm, category: FeedbackCategory, keyId: number, receivedAt: number): Promise<Filed> {
  const name = [form.first_name, form.last_name].filter((s) => s !== undefined && s !== '').join(' ')
  const hasContact = name !== '' || form.email !== undefined || form.phone !== undefined
  if (hasContact && name === '') return { ok: false, status: 400, description: 'first_name: is required with an email or a phone number (the answer is addressed to a name)' }
  const contact = hasContact ? { name, ...(form.email === undefined ? {} : { email: form.email }), ...(form.phone === undefined ? {} : { phone: form.phone }) } : undefined
  const rules = await currentFeedbackRules(store)
  const id = uuidv7()
  for (let attempt = 0; attempt < 3; attempt++) {
    const raw = {
      id,
      trackingCode: generateTrackingCode(),
      category,
      ...(form['attribute[counter]'] ? { counter: form['attribute[counter]'] } : {}),
      ...(form['attribute[procedure]'] ? { procedure: form['attribute[procedure]'] } : {}),
      ...(form['attribute[dossier]'] ? { dossier: form['attribute[dossier]'] } : {}),
      description: form.description ?? '',
      photos: [],
      wantsAnswer: contact !== undefined,
      ...(contact ? { contact, consent: { given: true, textVersion: OPEN311_CONSENT_VERSION } } : {}),
      lang: 'vi',
      submittedAt: new Date(receivedAt).toISOString(),
    }
    const prepared = await prepareFeedback(raw, 0, rules, receivedAt, 'open311')
    if (!prepared.ok) {
      const field = prepared.error.path.replace(/^items\.0\.?/, '')
      const named = FIELD_NAMES[field] ?? (field || 'body')
      const what = prepared.error.message.replace(/^[^:]*: /, '')
      return { ok: false, status: 400, description: `${named}: ${what}` }
    }
    const item = { ...prepared.value, open311: { keyId, lat: form.lat ?? null, long: form.long ?? null, address: form.address_string || null, mediaUrl: form.media_url ?? null } }
    let result
    try {
      ;[result] = await store.feedback.insert([item])
    } catch (error) {
      // The message only: the request's content (personal data) must never reach the log.
      console.error('storing an Open311 request failed:', error instanceof Error ? error.message : 'unknown error')
      return { ok: false, status: 503, description: 'Could not store the request; nothing was stored, retry later' }
    }
    if (result!.status === 'stored') return { ok: true, id, trackingCode: result!.trackingCode }
  }
  return { ok: false, status: 503, description: 'Could not give the request a tracking code; retry' }
}

// XML as the spec writes it: each list element holds one element per item, named in the singular.
const SINGULAR: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!)

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element(SINGULAR[name] ?? 'item', v)).join('')}</${name}>`
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

/** A document of the spec's XML: `root` holding `value` (a list, or one object's fields). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}`
}
