/**
 * A sub-store the PostgreSQL store does not implement yet: every method rejects, naming itself. Config
 * parsing refuses postgres URLs until none is left, so only tests reach one.
 */
export function notYet<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined
      return () => Promise.reject(new Error(`store.${name}.${method} is not implemented on PostgreSQL yet`))
    },
  })
}
