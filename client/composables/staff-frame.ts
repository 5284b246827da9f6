import { nextTick, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { signInLocation, useStaffSessionStore } from '../stores/staff-session'

/**
 * What the frames of the staff area and of the administration share. A session that ends (any 401 marks it
 * expired) sends the reader to sign in and brings them back here afterwards; `retry` asks again after the
 * network failed; a new page within the frame moves the reader to its heading (`<headingSelector>`), as a page
 * load would.
 */
export function useStaffFrame(headingSelector: string) {
  const route = useRoute()
  const router = useRouter()
  const session = useStaffSessionStore()

  watch(
    () => session.expired,
    (expired) => {
      if (expired) void router.replace(signInLocation(route.fullPath, 'expired'))
    },
    { immediate: true },
  )

  async function retry() {
    if ((await session.ensure()) !== 'signed_in') await router.replace(signInLocation(route.fullPath))
  }

  watch(
    () => route.path,
    async (now, before) => {
      if (before === undefined || now === before) return
      await nextTick()
      document.querySelector<HTMLElement>(headingSelector)?.focus()
    },
  )

  return { route, session, retry }
}
