import { computed, type Ref, ref } from 'vue'

/**
 * Which refusals the citizen has been told about (on the thank-you screen, or by dismissing the notice), kept
 * in localStorage under `key`: an item queued offline and refused later must still be told, once. Refused
 * items stay on the device for good; the last 200 ids told are kept.
 */
export function useSeenRefusals<T extends { id: string }>(key: string, rejected: Ref<T[]>) {
  const seen = ref<string[]>(read(key))
  function markSeen(ids: string[]): void {
    seen.value = [...new Set([...seen.value, ...ids])].slice(-200)
    try {
      localStorage.setItem(key, JSON.stringify(seen.value))
    } catch {
      // Storage disabled: told for this page only.
    }
  }
  const unseenRejected = computed(() => rejected.value.filter((item) => !seen.value.includes(item.id)))
  function dismissRejected(): void {
    markSeen(unseenRejected.value.map((item) => item.id))
  }
  return { seen, markSeen, unseenRejected, dismissRejected }
}

function read(key: string): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}
