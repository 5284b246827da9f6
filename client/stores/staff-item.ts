import { acceptHMRUpdate, defineStore } from 'pinia'
import * as v from 'valibot'
import { ref, shallowRef } from 'vue'
import { issuePath, plainMessage } from '../../shared/api-error'
import type { Unit } from '../../shared/catalog'
import { FeedbackAction, type FeedbackActionName, type FeedbackDetail, type StaffRef } from '../../shared/staff-feedback'
import { ApiError } from '../api/http'
import { staffApi } from '../api/staff'

/**
 * What is wrong with one field of an action form, as a kind the page words in its own language (the
 * server's message is English; it is kept for anything the kinds do not cover).
 */
export type FieldProblemKind =
  | 'required'
  | 'too_long'
  | 'tracking_code'
  | 'unchanged'
  | 'not_assignable'
  | 'unknown_unit'
  | 'unknown_item'
  | 'duplicate_target'
  | 'same_item'
  | 'no_complex'
  | 'other'

export interface FieldProblem {
  field: string
  kind: FieldProblemKind
  message: string
}

/** The outcome of the last action, shown above the forms. */
export type ItemNotice =
  | { kind: 'done'; action: FeedbackActionName }
  /** Someone else changed the item meanwhile: it was reloaded and nothing was sent. */
  | { kind: 'stale' }
  /** The action no longer fits the item's status (it was reloaded). */
  | { kind: 'invalid_transition' }
  | { kind: 'forbidden' }
  | { kind: 'server'; status: number }
  | { kind: 'network' }

function problemKind(code: string, message: string): FieldProblemKind {
  if (code === 'unchanged' || code === 'not_assignable' || code === 'unknown_unit' || code === 'unknown_item' || code === 'duplicate_target') return code
  if (/is required|must not be empty|^[\w.]*:? ?invalid type/i.test(message)) return 'required'
  if (/too long/.test(message)) return 'too_long'
  if (/tracking code/i.test(message)) return 'tracking_code'
  if (/itself/.test(message)) return 'same_item'
  if (/complex/.test(message)) return 'no_complex'
  return 'other'
}

/** The field an action form's problem belongs to: the first key of the path (`reason`, `of`, `staffId`). */
export function fieldProblemOf(code: string, path: string, message: string): FieldProblem {
  return { field: path.split('.')[0] || 'action', kind: problemKind(code, message), message }
}

/**
 * Checks an action with the server's own schema before sending it, so the form refuses what the API would,
 * field by field. Null when it is valid.
 */
export function checkAction(action: unknown): FieldProblem | null {
  const result = v.safeParse(FeedbackAction, action)
  if (result.success) return null
  const issue = result.issues[0]
  const path = issuePath(issue)
  const value = issue.input
  // A missing or blank text is "required", whatever step of the pipe caught it.
  const blank = value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  return blank ? { field: path.split('.')[0] || 'action', kind: 'required', message: issue.message } : fieldProblemOf('invalid', path, plainMessage(issue, FeedbackAction))
}

/** One feedback item as staff handle it: its detail, the actions on it, and whom it can go to. */
export const useStaffItemStore = defineStore('staff-item', () => {
  const id = ref<string | null>(null)
  const detail = shallowRef<FeedbackDetail | null>(null)
  const loading = ref(false)
  const notFound = ref(false)
  const loadFailed = shallowRef<ItemNotice | null>(null)
  const sending = ref(false)
  const notice = shallowRef<ItemNotice | null>(null)
  const fieldProblem = shallowRef<FieldProblem | null>(null)
  const assignees = shallowRef<StaffRef[] | null>(null)
  const units = shallowRef<Unit[] | null>(null)

  async function load(itemId: string, options: { keepNotice?: boolean } = {}): Promise<void> {
    if (id.value !== itemId) {
      detail.value = null
      assignees.value = null
    }
    id.value = itemId
    loading.value = true
    notFound.value = false
    loadFailed.value = null
    if (!options.keepNotice) notice.value = null
    fieldProblem.value = null
    try {
      const answer = await staffApi.item(itemId)
      if (id.value === itemId) detail.value = answer
    } catch (error) {
      if (id.value !== itemId) return
      if (error instanceof ApiError && error.status === 404) {
        notFound.value = true
        detail.value = null
      } else {
        loadFailed.value = error instanceof ApiError ? { kind: 'server', status: error.status } : { kind: 'network' }
      }
    } finally {
      if (id.value === itemId) loading.value = false
    }
  }

  /**
   * Sends one action with the version on screen. True when it was applied (the form may then clear). A
   * change made meanwhile by someone else reloads the item and says so: what the reader meant to do may no
   * longer fit, so nothing is re-sent on their behalf.
   */
  async function act(action: FeedbackAction): Promise<boolean> {
    const item = detail.value
    if (!item) return false
    fieldProblem.value = checkAction(action)
    if (fieldProblem.value) return false
    sending.value = true
    notice.value = null
    try {
      detail.value = await staffApi.act(item.id, action)
      notice.value = { kind: 'done', action: action.action }
      if (action.action === 'forward') assignees.value = null
      return true
    } catch (error) {
      if (!(error instanceof ApiError)) {
        notice.value = { kind: 'network' }
      } else if (error.status === 409) {
        await load(item.id)
        notice.value = error.code === 'stale' ? { kind: 'stale' } : { kind: 'invalid_transition' }
      } else if (error.status === 400) {
        fieldProblem.value = fieldProblemOf(error.code, error.path, error.message)
      } else if (error.status === 403) {
        notice.value = { kind: 'forbidden' }
      } else if (error.status === 404) {
        notFound.value = true
        detail.value = null
      } else if (error.status !== 401) {
        notice.value = { kind: 'server', status: error.status }
      }
      return false
    } finally {
      sending.value = false
    }
  }

  async function loadAssignees(): Promise<void> {
    const unit = detail.value?.unit?.code
    if (!unit || assignees.value) return
    try {
      assignees.value = await staffApi.assignees(unit)
    } catch {
      assignees.value = []
    }
  }

  async function loadUnits(): Promise<void> {
    if (units.value) return
    try {
      units.value = await staffApi.units()
    } catch {
      units.value = []
    }
  }

  function clearProblem(): void {
    fieldProblem.value = null
  }

  return { id, detail, loading, notFound, loadFailed, sending, notice, fieldProblem, assignees, units, load, act, loadAssignees, loadUnits, clearProblem }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStaffItemStore, import.meta.hot))
