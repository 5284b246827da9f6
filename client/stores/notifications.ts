import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { NOTIFIED_ROLES, type StaffNotification } from '../../shared/notifications'
import type { StaffRole } from '../../shared/staff'
import { notificationsApi } from '../api/notifications'

/** How often an open staff page asks again: the server announces at most once a minute. */
const POLL_MS = 60_000

/**
 * The signed-in officer's notifications behind the staff menu's badge: loaded when the menu appears, asked
 * again every minute while a staff page is open, marked read one by one or all at once.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = shallowRef<StaffNotification[]>([])
  const unread = computed(() => items.value.filter((n) => n.readAt === null).length)
  const failed = ref(false)
  let timer: ReturnType<typeof setInterval> | undefined

  async function load() {
    try {
      items.value = (await notificationsApi.list()).notifications
      failed.value = false
    } catch {
      // The badge keeps what it had; the list says it could not refresh.
      failed.value = true
    }
  }

  /** Starts (or stops, for roles told of nothing) the polling for the signed-in role. */
  function follow(role: StaffRole | null) {
    clearInterval(timer)
    timer = undefined
    if (role === null || !NOTIFIED_ROLES.includes(role)) {
      items.value = []
      return
    }
    void load()
    timer = setInterval(() => void load(), POLL_MS)
  }

  async function markRead(ids: number[] | 'all') {
    const at = Date.now()
    await notificationsApi.markRead(ids === 'all' ? { all: true } : { ids })
    items.value = items.value.map((n) => (n.readAt === null && (ids === 'all' || ids.includes(n.id)) ? { ...n, readAt: at } : n))
  }

  return { items, unread, failed, load, follow, markRead }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useNotificationsStore, import.meta.hot))
