import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxPage } from '../../shared/staff-feedback'
import { seedItem, staffWorld, type StaffWorld } from './staff-feedback-fixtures'
import { staffRequest } from './test-app'

let w: StaffWorld
let late: string
let fees: string
beforeAll(async () => {
  w = await staffWorld()
  late = (await seedItem(w.t, { description: 'Hồ sơ trễ hẹn năm ngày mà không ai báo.' })).id
  fees = (await seedItem(w.t, { description: 'Thu phí không đúng quy định tại quầy số 5.' })).id
})
afterAll(() => w.t.close())

/** The inbox searched for `encoded`, written into the URL as it is (percent escapes included). */
async function search(encoded: string): Promise<{ status: number; ids: string[] }> {
  const res = await staffRequest(w.t.app, 'GET', `/api/staff/feedback?view=all&q=${encoded}`, w.sessions.inspector)
  return { status: res.status, ids: res.status === 200 ? ((await res.json()) as InboxPage).items.map((i) => i.id) : [] }
}

describe('GET /api/staff/feedback?q= with control characters', () => {
  it('answers 200 to a NUL in the search, reading it as a space between words', async () => {
    const nul = await search('a%00b')
    expect(nul.status).toBe(200)
    expect(nul).toEqual(await search('a%20b'))
    expect(await search(encodeURIComponent('trễ\u0000hẹn'))).toEqual({ status: 200, ids: [late] })
    expect(await search(encodeURIComponent('\u0000phí\u0000'))).toEqual({ status: 200, ids: [fees] })
  })

  it('answers 200 to every control character, U+0000 to U+001F and U+007F, before, inside or after a word', async () => {
    const controls = [...Array.from({ length: 0x20 }, (_, i) => i), 0x7f].map((code) => String.fromCharCode(code))
    for (const ch of controls) {
      const label = `U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
      expect(await search(encodeURIComponent(`trễ${ch}hẹn`)), label).toEqual({ status: 200, ids: [late] })
      expect(await search(encodeURIComponent(`${ch}phí${ch}`)), label).toEqual({ status: 200, ids: [fees] })
      expect((await search(encodeURIComponent(`a${ch}b`))).status, label).toBe(200)
    }
    // Nothing but control characters: no search at all, as an empty box.
    expect(new Set((await search('%00%01%7F')).ids)).toEqual(new Set([late, fees]))
  })
})
