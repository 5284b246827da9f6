import { afterEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { useSeenRefusals } from '../../client/composables/seen-refusals'

/** A localStorage of one page, or one that refuses every write (storage disabled). */
function stubStorage(refuseWrites = false): Map<string, string> {
  const items = new Map<string, string>()
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (refuseWrites) throw new DOMException('disabled', 'SecurityError')
      items.set(key, value)
    },
  })
  return items
}

afterEach(() => vi.unstubAllGlobals())

describe('useSeenRefusals', () => {
  it('tells each refusal until dismissed, and remembers the dismissal after a reload', () => {
    stubStorage()
    const rejected = ref([{ id: 'a' }, { id: 'b' }])
    const first = useSeenRefusals('test.seen', rejected)
    expect(first.unseenRejected.value.map((r) => r.id)).toEqual(['a', 'b'])
    first.dismissRejected()
    expect(first.unseenRejected.value).toEqual([])
    rejected.value = [...rejected.value, { id: 'c' }]
    expect(first.unseenRejected.value.map((r) => r.id)).toEqual(['c'])
    const reloaded = useSeenRefusals('test.seen', rejected)
    expect(reloaded.unseenRejected.value.map((r) => r.id)).toEqual(['c'])
  })

  it('keeps the last 200 ids and ignores what is not a list of ids', () => {
    const items = stubStorage()
    items.set('test.seen', '{"not":"a list"}')
    const seen = useSeenRefusals('test.seen', ref([]))
    expect(seen.seen.value).toEqual([])
    seen.markSeen(Array.from({ length: 250 }, (_, i) => `id-${i}`))
    expect(JSON.parse(items.get('test.seen')!)).toHaveLength(200)
    expect(seen.seen.value[0]).toBe('id-50')
  })

  it('still dismisses for the page when storage refuses the write', () => {
    stubStorage(true)
    const seen = useSeenRefusals('test.seen', ref([{ id: 'a' }]))
    expect(() => seen.dismissRejected()).not.toThrow()
    expect(seen.unseenRejected.value).toEqual([])
  })
})
