// Creates an Open311 API key: `npm run open311-key -- --name "<client>"`. Prints what it did, then the new key
// alone on the last line (scripts take it with `| tail -n 1`). Only the key's SHA-256 is stored: the key is
// shown this once. Works on the store DATABASE_URL names, SQLite or PostgreSQL. Revoke keys in the admin
// pages (Quản trị → Khóa Open311).
import { parseArgs } from 'node:util'
import { Open311KeyIn } from '../../shared/open311'
import { createOpen311Key } from '../domain/open311'
import { openStore } from '../store/open-store'
import * as v from 'valibot'
import { configOrExit, fail } from './exit'

const USAGE = 'usage: npm run open311-key -- --name "<client application or organisation>"'

let args
try {
  args = parseArgs({ options: { name: { type: 'string' }, help: { type: 'boolean' } } }).values
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2)
}
if (args.help) fail(USAGE, 0)
const input = v.safeParse(Open311KeyIn, { name: args.name ?? '' })
if (!input.success) fail(`--name ${input.issues[0]!.message}\n${USAGE}`, 2)

const store = openStore(configOrExit())
try {
  const { key, record } = await createOpen311Key(store, input.output.name, null)
  console.log(`Created Open311 key ${record.id} for ${record.name}. It is shown only now; keep it secret:`)
  console.log(key)
} finally {
  await store.close()
}
