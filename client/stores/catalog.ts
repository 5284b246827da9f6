import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Catalog, Counter } from '../../shared/catalog'
import type { LocalizedText } from '../../shared/i18n-text'
import { requestJson } from '../api/http'

const STORAGE_KEY = 'hailong.catalog'
/** Without a saved copy the page waits on this request; past it, saying so beats a blank screen. */
const TIMEOUT_MS = 10_000

export type CatalogFailure = 'offline' | 'network'

export function inLocale(text: LocalizedText, locale: string): string {
  return locale === 'en' ? text.en : text.vi
}

/** Codes are printed on posters and typed by hand: match them without regard to case. */
function sameCode(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase()
}

function save(next: Catalog): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
  } catch {
    // Storage full or disabled: the page still works while it stays open.
  }
}

function readSaved(): Catalog | null {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Catalog | null
    // A copy written by an older app version may have another shape: treat it as absent, not as truth.
    return saved && Array.isArray(saved.counters) && Array.isArray(saved.questionnaires) ? saved : null
  } catch {
    return null
  }
}

/** The copy the server put in the page's HTML (citizen pages on a first visit), if any. */
function readInline(): Catalog | null {
  try {
    const parsed = JSON.parse(document.getElementById('catalog-data')?.textContent ?? 'null') as Catalog | null
    return parsed && Array.isArray(parsed.counters) && Array.isArray(parsed.questionnaires) ? parsed : null
  } catch {
    return null
  }
}

/**
 * The catalog and active questionnaires. The last good copy lives in localStorage so that the page opens
 * offline (even before the service worker has cached the API) and paints without waiting on the network.
 */
export const useCatalogStore = defineStore('catalog', () => {
  const inline = readInline()
  const catalog = shallowRef<Catalog | null>(inline ?? readSaved())
  /** True once the server answered in this session: only then is an unknown counter really unknown. */
  const fresh = ref(inline !== null)
  if (inline) save(inline)
  const loading = ref(false)
  const failure = ref<CatalogFailure | null>(null)
  let inFlight: Promise<void> | null = null

  async function fetchCatalog(): Promise<void> {
    loading.value = true
    failure.value = null
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS)
    try {
      const next = await requestJson<Catalog>('/api/catalog', { signal: abort.signal })
      catalog.value = next
      fresh.value = true
      save(next)
    } catch {
      failure.value = navigator.onLine ? 'network' : 'offline'
    } finally {
      clearTimeout(timer)
      loading.value = false
      inFlight = null
    }
  }

  /** Refreshes the catalog once at a time; callers render the saved copy meanwhile. */
  function load(): Promise<void> {
    // The page's own HTML carried it: it is as fresh as a request made now would be.
    if (inline && !inFlight && catalog.value === inline) return Promise.resolve()
    inFlight ??= fetchCatalog()
    return inFlight
  }

  function counter(code: string) {
    return catalog.value?.counters.find((c) => sameCode(c.code, code))
  }
  function procedure(code: string) {
    return code ? catalog.value?.procedures.find((p) => sameCode(p.code, code)) : undefined
  }
  function unit(code: string) {
    return catalog.value?.units.find((u) => u.code === code)
  }
  function questionnaireFor(c: Counter) {
    return catalog.value?.questionnaires.find((q) => q.key === c.questionnaireKey)
  }

  return { catalog, fresh, loading, failure, load, counter, procedure, unit, questionnaireFor }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCatalogStore, import.meta.hot))
