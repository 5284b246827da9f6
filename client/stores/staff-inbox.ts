import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { isCalendarDay, today } from '../../shared/dates'
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, type FeedbackCategory, type FeedbackStatus } from '../../shared/feedback'
import { type Channel, CHANNELS } from '../../shared/channels'
import { PETITION_TYPES, type PetitionType } from '../../shared/petition-types'
import type { Unit } from '../../shared/catalog'
import type { FeedbackSummary, InboxItem } from '../../shared/staff-feedback'
import { ApiError } from '../api/http'
import { staffApi } from '../api/staff'
import { newestRequest } from '../composables/newest-request'

export const INBOX_VIEWS = ['open', 'overdue', 'all'] as const

/** The filters besides the view and the page, in the order the URL writes them. */
export const INBOX_FILTER_KEYS = ['status', 'category', 'petitionType', 'unit', 'channel', 'from', 'to', 'q'] as const
export type InboxView = (typeof INBOX_VIEWS)[number]

/** What the inbox shows, as the URL holds it (so that a view can be bookmarked and shared). */
export interface InboxFilters {
  view: InboxView
  status?: FeedbackStatus
  category?: FeedbackCategory
  petitionType?: PetitionType
  unit?: string
  channel?: Channel
  from?: string
  to?: string
  q?: string
  page: number
}

export type InboxError = { kind: 'invalid'; field: string; message: string } | { kind: 'server'; status: number } | { kind: 'network' }

const UNIT_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/

function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first !== '' ? first : undefined
}

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return allowed.find((a) => a === value)
}

/**
 * The filters a URL asks for. A value that cannot be one (a hand-edited or outdated bookmark) is left out,
 * so the page still opens on the rest rather than on an error.
 */
export function readInboxFilters(query: LocationQuery | Record<string, unknown>): InboxFilters {
  const filters: InboxFilters = { view: oneOf(INBOX_VIEWS, single(query.view)) ?? 'open', page: 1 }
  const status = oneOf(FEEDBACK_STATUSES, single(query.status))
  const category = oneOf(FEEDBACK_CATEGORIES, single(query.category))
  const petitionType = oneOf(PETITION_TYPES, single(query.petitionType))
  const channel = oneOf(CHANNELS, single(query.channel))
  const unit = single(query.unit)
  const from = single(query.from)
  const to = single(query.to)
  const q = single(query.q)?.trim().slice(0, 200)
  const page = Number(single(query.page))
  if (status) filters.status = status
  if (category) filters.category = category
  if (petitionType) filters.petitionType = petitionType
  if (channel) filters.channel = channel
  if (unit && UNIT_CODE.test(unit)) filters.unit = unit
  if (from && isCalendarDay(from)) filters.from = from
  if (to && isCalendarDay(to)) filters.to = to
  if (q) filters.q = q
  if (Number.isInteger(page) && page > 1 && page < 1_000_000) filters.page = page
  return filters
}

/** The URL query of some filters, without the defaults, so the plain inbox stays at plain `/staff`. */
export function inboxQueryOf(filters: InboxFilters): LocationQueryRaw {
  const query: Record<string, string> = {}
  if (filters.view !== 'open') query.view = filters.view
  for (const key of INBOX_FILTER_KEYS) {
    const value = filters[key]
    if (value) query[key] = value
  }
  if (filters.page > 1) query.page = String(filters.page)
  return query
}

/** The API's query (shared/staff-feedback.ts InboxQuery) for some filters. */
export function inboxApiParams(filters: InboxFilters): URLSearchParams {
  return new URLSearchParams({ ...(inboxQueryOf(filters) as Record<string, string>), view: filters.view, page: String(filters.page) })
}

/** The period of the summary strip: the filtered one, or this month to date when none is chosen. */
export function summaryPeriod(filters: InboxFilters, day = today()): { from: string; to: string } {
  const from = filters.from ?? (filters.to ? `${filters.to.slice(0, 8)}01` : `${day.slice(0, 8)}01`)
  const to = filters.to ?? (filters.from && filters.from > day ? filters.from : day)
  return from <= to ? { from, to } : { from: to, to: from }
}

function toInboxError(error: unknown): InboxError {
  if (error instanceof ApiError) return error.status === 400 ? { kind: 'invalid', field: error.path, message: error.message } : { kind: 'server', status: error.status }
  return { kind: 'network' }
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError'

/** The staff inbox: one page of items by deadline, and the summary strip over the same period. */
export const useStaffInboxStore = defineStore('staff-inbox', () => {
  const filters = shallowRef<InboxFilters | null>(null)
  const items = shallowRef<InboxItem[]>([])
  const total = ref(0)
  const pageSize = ref(50)
  const loading = ref(false)
  const error = shallowRef<InboxError | null>(null)
  const summary = shallowRef<FeedbackSummary | null>(null)
  const summaryFailed = ref(false)
  const units = shallowRef<Unit[]>([])
  const newestPage = newestRequest()
  const newestSummary = newestRequest()

  async function load(next: InboxFilters): Promise<void> {
    const request = newestPage()
    filters.value = next
    loading.value = true
    error.value = null
    try {
      const page = await staffApi.inbox(inboxApiParams(next), request.signal)
      if (!request.isCurrent()) return
      items.value = page.items
      total.value = page.total
      pageSize.value = page.pageSize
    } catch (caught) {
      if (!request.isCurrent() || isAbort(caught)) return
      items.value = []
      total.value = 0
      error.value = toInboxError(caught)
    } finally {
      if (request.isCurrent()) loading.value = false
    }
  }

  async function loadSummary(period: { from: string; to: string }): Promise<void> {
    if (summary.value && summary.value.from === period.from && summary.value.to === period.to) return
    const request = newestSummary()
    summaryFailed.value = false
    try {
      const answer = await staffApi.summary(period.from, period.to, request.signal)
      if (request.isCurrent()) summary.value = answer
    } catch (caught) {
      if (!request.isCurrent() || isAbort(caught)) return
      summary.value = null
      summaryFailed.value = true
    }
  }

  /** The units to filter by, for the roles that see every unit. */
  async function loadUnits(): Promise<void> {
    if (units.value.length > 0) return
    try {
      units.value = await staffApi.units()
    } catch {
      // The filter then offers no unit: the list itself still works.
    }
  }

  return { filters, items, total, pageSize, loading, error, summary, summaryFailed, units, load, loadSummary, loadUnits }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStaffInboxStore, import.meta.hot))
