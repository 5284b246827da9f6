import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_QUESTIONNAIRES } from '../../server/defaults/questionnaires'
import { prepareResponse } from '../../server/domain/prepare-response'
import type { PreparedResponse } from '../../server/store/prepared-response'
import type { Channel } from '../../shared/channels'
import { feedback } from '../store/new-feedback'
import { feedbackItem, postFeedback } from './feedback-fixtures'
import { createTestApp, officialResponse, postResponses, quickResponse, type TestApp } from './test-app'

/**
 * Channels (issue 16): the route decides each rating's and item's channel and the store keeps it; the
 * statistics split by it come from the rollups. Routes the other helpers build (kiosk, staff intake) are
 * stood in for here by the store called with their channel.
 */

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
})
afterAll(() => t.close())

/** Responses prepared as a route of `channel` would hand them to the store. */
async function prepared(raws: ReturnType<typeof quickResponse>[], channel: Channel): Promise<PreparedResponse[]> {
  const catalog = await t.store.catalog()
  const byVersion = new Map(DEFAULT_QUESTIONNAIRES.map((q) => [`${q.key}@${q.version}`, q]))
  return raws.map((raw, i) => {
    const result = prepareResponse(raw, i, { catalog, questionnaire: (key, version) => byVersion.get(`${key}@${version}`) }, Date.parse(raw.submittedAt), channel)
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  })
}

const channelOf = async (table: 'responses' | 'feedback', id: string) => (await t.sql(`SELECT channel FROM ${table} WHERE id = ?`, id))[0]?.channel

describe('the channel stored', () => {
  it('is qr for a rating sent from the citizen page, and for a feedback item filed there', async () => {
    const rating = quickResponse()
    expect((await postResponses(t.app, [rating]))[0]!.status).toBe('stored')
    expect(await channelOf('responses', rating.id)).toBe('qr')
    const item = feedbackItem()
    expect((await postFeedback(t.app, [item]))[0]!.status).toBe('stored')
    expect(await channelOf('feedback', item.id)).toBe('qr')
  })

  it('is what the route named when it handed the item to the store (kiosk, paper, phone)', async () => {
    const raws = [quickResponse(), officialResponse([2, 1, 0, 2, 1, 2], 'satisfied')]
    const [kiosk, paper] = [await prepared([raws[0]!], 'kiosk'), await prepared([raws[1]!], 'paper')]
    expect(await t.store.insertResponses([...kiosk, ...paper])).toEqual(['stored', 'stored'])
    expect(await channelOf('responses', raws[0]!.id)).toBe('kiosk')
    expect(await channelOf('responses', raws[1]!.id)).toBe('paper')
    const phoned = feedback({ channel: 'phone' })
    expect((await t.store.feedback.insert([phoned]))[0]!.status).toBe('stored')
    expect(await channelOf('feedback', phoned.id)).toBe('phone')
  })

  it('is not part of the content a resend must match: the same rating resent through another channel is a duplicate', async () => {
    const raw = quickResponse()
    expect(await t.store.insertResponses(await prepared([raw], 'kiosk'))).toEqual(['stored'])
    expect(await t.store.insertResponses(await prepared([raw], 'qr'))).toEqual(['duplicate'])
    expect(await channelOf('responses', raw.id)).toBe('kiosk')
  })

  it('is one of the seven: the database refuses any other', async () => {
    const item = feedback()
    await t.store.feedback.insert([item])
    await expect(t.sql("UPDATE feedback SET channel = 'fax' WHERE id = ?", item.id)).rejects.toThrow(/check/i)
  })
})
