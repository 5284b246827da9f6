import type { FeedbackCategory, FeedbackStatus } from '../../shared/feedback'
import type { Actor, Written } from './admin-store'

/**
 * Open311 GeoReport v2: its clients' API keys and the public view of feedback items it answers with. Keys are
 * kept as SHA-256 hashes only and revoked, never deleted (items point at the key that filed them). A key an
 * administrator creates or revokes in the admin pages is audited in admin_audit (entity `open311_key`) in the
 * same transaction; one made with `npm run open311-key` has no actor (created_by null, no audit row: as for
 * `npm run create-admin`, whoever runs it holds the server).
 */

export interface Open311KeyRecord {
  id: number
  name: string
  /** Epoch ms. */
  createdAt: number
  createdBy: { id: number; displayName: string } | null
  revokedAt: number | null
}

/** What filing through Open311 adds to a feedback item. */
export interface Open311Filing {
  keyId: number
  lat: number | null
  long: number | null
  address: string | null
  mediaUrl: string | null
}

export interface Open311RequestFilter {
  /** Items by id: every other filter is then ignored, as the spec says. */
  ids?: readonly string[]
  categories?: readonly FeedbackCategory[]
  /** true open only, false closed only, undefined both. */
  open?: boolean
  /** Received in [from, before), epoch ms. */
  from: number
  before: number
  limit: number
}

/** An item as Open311 may show it to anyone: no description, no contact details, no notes. */
export interface Open311RequestRow {
  id: string
  category: FeedbackCategory
  status: FeedbackStatus
  publicAnswer: string | null
  unitCode: string | null
  counterCode: string | null
  receivedAt: number
  /** The last event on the item, epoch ms. */
  updatedAt: number
  resolveBy: number
  address: string | null
  lat: number | null
  long: number | null
  mediaUrl: string | null
}

export interface Open311Store {
  /** Newest first. */
  keys(): Promise<Open311KeyRecord[]>
  /** Stores the hash of a new key; audited when an administrator (actor) made it. */
  createKey(input: { name: string; keyHash: string }, actor: Actor | null, at: number): Promise<Open311KeyRecord>
  /** Refuses (`not_found`) an unknown key; revoking a revoked key leaves it as it was. */
  revokeKey(id: number, actor: Actor): Promise<Written<Open311KeyRecord>>
  /** The key with this hash, revoked or not. */
  keyByHash(keyHash: string): Promise<{ id: number; revokedAt: number | null } | undefined>
  /** Newest first, at most `limit`. */
  requests(filter: Open311RequestFilter): Promise<Open311RequestRow[]>
}

/** A key's row as both stores read it (`k.*` and the creator's display name). */
export interface KeyRow {
  id: number
  name: string
  created_at: number
  created_by: number | null
  creator_name: string | null
  revoked_at: number | null
}

export const KEY_COLUMNS = 'k.id, k.name, k.created_at, k.created_by, s.display_name AS creator_name, k.revoked_at'
export const KEY_FROM = 'open311_keys k LEFT JOIN staff s ON s.id = k.created_by'

export const toKeyRecord = (r: KeyRow): Open311KeyRecord => ({
  id: Number(r.id),
  name: r.name,
  createdAt: Number(r.created_at),
  createdBy: r.created_by === null ? null : { id: Number(r.created_by), displayName: r.creator_name ?? '' },
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
})

/** What the audit keeps of a key: never its hash. */
export const keySnapshot = (k: Open311KeyRecord) => ({ name: k.name, revokedAt: k.revokedAt })

export interface RequestRow {
  id: string
  category: FeedbackCategory
  status: FeedbackStatus
  public_answer: string | null
  unit_code: string | null
  counter_code: string | null
  received_at: number
  updated_at: number | null
  resolve_by: number
  open311_address: string | null
  open311_lat: number | null
  open311_long: number | null
  open311_media_url: string | null
}

export const REQUEST_COLUMNS = `f.id, f.category, f.status, f.public_answer, f.unit_code, f.counter_code, f.received_at, f.resolve_by,
  f.open311_address, f.open311_lat, f.open311_long, f.open311_media_url,
  (SELECT MAX(e.at) FROM feedback_events e WHERE e.feedback_id = f.id) AS updated_at`

export const toRequestRow = (r: RequestRow): Open311RequestRow => ({
  id: r.id,
  category: r.category,
  status: r.status,
  publicAnswer: r.public_answer,
  unitCode: r.unit_code,
  counterCode: r.counter_code,
  receivedAt: Number(r.received_at),
  updatedAt: Number(r.updated_at ?? r.received_at),
  resolveBy: Number(r.resolve_by),
  address: r.open311_address,
  lat: r.open311_lat === null ? null : Number(r.open311_lat),
  long: r.open311_long === null ? null : Number(r.open311_long),
  mediaUrl: r.open311_media_url,
})
