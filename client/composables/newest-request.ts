/**
 * A store's requests of one kind, of which only the newest counts: starting one aborts the one before, and an
 * answer (or failure) of an older one arriving late must not overwrite the newer view. Each call starts a
 * request and gives its signal, and `isCurrent()` to ask before writing what came back.
 */
export function newestRequest() {
  let current: AbortController | null = null
  return function start() {
    current?.abort()
    const mine = new AbortController()
    current = mine
    return { signal: mine.signal, isCurrent: () => current === mine }
  }
}
