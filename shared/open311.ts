import * as v from 'valibot'
import { FEEDBACK_CATEGORIES } from './feedback'
import { UUID_V7 } from './ids'

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) as hailong speaks it: the services are the
 * feedback categories, a service request is a feedback item. What its clients send (form fields, query
 * parameters) and what the administrators' key page exchanges.
 */

/** Most requests one GET requests answers, and the widest span of dates it searches (the spec's bounds). */
export const OPEN311_MAX_REQUESTS = 1000
export const OPEN311_MAX_DAYS = 90
/** Ids one GET requests may name at once. */
export const OPEN311_MAX_IDS = 100

/** The attributes of every service definition: where the matter happened, as the citizen pages ask it. */
export const OPEN311_ATTRIBUTES = ['procedure', 'counter', 'dossier'] as const
export type Open311Attribute = (typeof OPEN311_ATTRIBUTES)[number]

const Text = (max: number) => v.pipe(v.string('must be text'), v.trim(), v.maxLength(max, `is too long (at most ${max} characters)`))
const Coordinate = (min: number, max: number) =>
  v.pipe(
    v.string('must be a number'),
    v.trim(),
    v.regex(/^-?\d{1,3}(\.\d{1,12})?$/, 'must be a decimal number, e.g. 18.3428'),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  )

/**
 * The form fields of POST requests (application/x-www-form-urlencoded or multipart/form-data), as the spec
 * names them. Every field is text on the wire; FeedbackIn checks the description and contact details once
 * they are put in its shape. address_id, account_id and device_id are accepted and not kept.
 */
export const Open311RequestForm = v.strictObject({
  api_key: v.pipe(v.string('must be text'), v.minLength(1, 'is required'), v.maxLength(200, 'is not a valid key')),
  jurisdiction_id: v.optional(Text(100)),
  service_code: v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'is required'), v.maxLength(40, 'is too long (at most 40 characters)')),
  description: v.optional(v.string('must be text')),
  lat: v.optional(Coordinate(-90, 90)),
  long: v.optional(Coordinate(-180, 180)),
  address_string: v.optional(Text(500)),
  address_id: v.optional(Text(100)),
  email: v.optional(v.string('must be text')),
  first_name: v.optional(Text(50)),
  last_name: v.optional(Text(50)),
  phone: v.optional(v.string('must be text')),
  device_id: v.optional(Text(100)),
  account_id: v.optional(Text(100)),
  media_url: v.optional(
    v.pipe(
      v.string('must be text'),
      v.trim(),
      v.maxLength(2000, 'is too long (at most 2000 characters)'),
      v.url('must be a URL'),
      v.regex(/^https?:\/\//i, 'must be an http or https URL'),
    ),
  ),
  'attribute[procedure]': v.optional(Text(40)),
  'attribute[counter]': v.optional(Text(40)),
  'attribute[dossier]': v.optional(Text(40)),
})
export type Open311RequestForm = v.InferOutput<typeof Open311RequestForm>

/** A W3C datetime with its zone, as the spec requires: 2026-03-02T08:00:00+07:00 or …Z. */
const W3cDateTime = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, 'must be a W3C datetime with a zone, e.g. 2026-03-02T08:00:00+07:00'),
  v.transform((s) => Date.parse(s)),
  v.check((ms) => Number.isFinite(ms), 'must be a W3C datetime with a zone, e.g. 2026-03-02T08:00:00+07:00'),
)

/** A comma-separated list, each part checked by `part`, at most `max` parts. */
function commaList<T extends string>(part: (s: string) => s is T, what: string, max: number) {
  return v.pipe(
    v.string(),
    v.transform((s) => s.split(',').map((p) => p.trim()).filter((p) => p !== '')),
    v.minLength(1, `must name at least one ${what}`),
    v.maxLength(max, `may name at most ${max} values`),
    v.check((parts) => parts.every(part), `must be ${what}s separated by commas`),
    v.transform((parts) => [...new Set(parts)] as T[]),
  )
}

const isCategory = (s: string): s is (typeof FEEDBACK_CATEGORIES)[number] => (FEEDBACK_CATEGORIES as readonly string[]).includes(s)
const isStatus = (s: string): s is 'open' | 'closed' => s === 'open' || s === 'closed'
const isRequestId = (s: string): s is string => UUID_V7.test(s.toLowerCase())

/** The query of GET requests. api_key is allowed (some clients always send it) and not needed. */
export const Open311RequestsQuery = v.strictObject({
  jurisdiction_id: v.optional(Text(100)),
  api_key: v.optional(v.string()),
  service_request_id: v.optional(
    v.pipe(commaList(isRequestId, 'service request id', OPEN311_MAX_IDS), v.transform((ids) => ids.map((id) => id.toLowerCase()))),
  ),
  service_code: v.optional(commaList(isCategory, 'service code', FEEDBACK_CATEGORIES.length)),
  start_date: v.optional(W3cDateTime),
  end_date: v.optional(W3cDateTime),
  status: v.optional(commaList(isStatus, 'status (open or closed)', 2)),
})
export type Open311RequestsQuery = v.InferOutput<typeof Open311RequestsQuery>

/** The query of every other GET: the jurisdiction and nothing else (api_key tolerated). */
export const Open311Query = v.strictObject({ jurisdiction_id: v.optional(Text(100)), api_key: v.optional(v.string()) })

/** A service (one feedback category) in GET services. */
export interface Open311Service {
  service_code: string
  service_name: string
  description: string
  metadata: boolean
  type: 'realtime'
  keywords: string
  group: string
}

export interface Open311AttributeValue {
  key: string
  name: string
}

export interface Open311AttributeDefinition {
  variable: boolean
  code: Open311Attribute
  datatype: 'string' | 'singlevaluelist'
  required: boolean
  datatype_description: string
  order: number
  description: string
  values?: Open311AttributeValue[]
}

export interface Open311ServiceDefinition {
  service_code: string
  attributes: Open311AttributeDefinition[]
}

/** One service request as GET requests answers it: no description, no contact details. */
export interface Open311ServiceRequest {
  service_request_id: string
  status: 'open' | 'closed'
  status_notes: string | null
  service_name: string
  service_code: string
  agency_responsible: string | null
  service_notice: string | null
  requested_datetime: string
  updated_datetime: string
  expected_datetime: string
  address: string | null
  lat: number | null
  long: number | null
  media_url: string | null
}

// The administrators' key page (/api/staff/admin/open311-keys).

export const Open311KeyIn = v.strictObject({
  /** Who the key is for: the client application or the organisation running it. */
  name: v.pipe(v.string('must be text'), v.normalize('NFC'), v.trim(), v.minLength(1, 'is required'), v.maxLength(100, 'is too long (at most 100 characters)')),
})
export type Open311KeyIn = v.InferOutput<typeof Open311KeyIn>

export interface Open311KeyInfo {
  id: number
  name: string
  /** ISO 8601 instants. */
  createdAt: string
  /** The administrator's display name; null for a key made with `npm run open311-key`. */
  createdBy: string | null
  revokedAt: string | null
}

/** The answer to creating a key: the key itself, shown this once and never stored. */
export interface Open311KeyCreated {
  key: string
  info: Open311KeyInfo
}
