import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../server/store/sqlite/migrations'

/**
 * A shipped migration never changes (migrations/NNN-*.ts): databases that ran it keep its schema, new ones must get
 * the same. Some are written from helpers there (the responses columns, rebuildTable), so an edit to a
 * helper would change them silently; this fails first. A new migration adds its hash at the end.
 */
const SHIPPED = [
  'a24b15b2a3', '2ce7857ee5', '485862deec', '43e104fcd7', 'b7b08f775a', '3f43040b11', 'd9ce3be102',
  '4b9c4d228e', 'a0f348515a', 'a0d7d3e180', 'e16a5ac6d9', '4f5a5ba497', '16edfbd9ac', 'd94d1d1e1e',
  'f05aac8a2d', 'ab9f982d16', 'a670584a8a', 'e74f567717',
  // 019-kiosk-devices
  '0741bacb24',
  // 020-paper-intake
  'bf9ce1a66f',
  // 021-notifications
  '2a8d6db2a9',
]

describe('migrations', () => {
  it('keeps every shipped migration word for word', () => {
    const hashes = MIGRATIONS.map((sql) => createHash('sha256').update(sql).digest('hex').slice(0, 10))
    expect(hashes.slice(0, SHIPPED.length)).toEqual(SHIPPED)
  })
})
