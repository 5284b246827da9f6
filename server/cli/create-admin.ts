// Creates an administrator account: `npm run create-admin -- --username lan.admin [--display-name "…"]`.
// The password is asked for twice without echo on a terminal, or read from the first line of standard input
// when it is piped (`printf '%s\n' "$PW" | npm run create-admin -- --username …`). It is never taken from the
// command line or the environment, where other processes and shell histories can read it.
import { parseArgs } from 'node:util'
import { AccountInputError, createStaffAccount } from '../auth/accounts'
import { passwordProblem } from '../auth/password'
import { normalizeUsername, usernameProblem } from '../auth/username'
import { configOrExit, fail } from './exit'
import { openStore } from '../store/open-store'
import { UsernameTakenError } from '../store/staff-store'

const USAGE = 'usage: npm run create-admin -- --username <name> [--display-name "<full name>"]'

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin
  return new Promise((resolve, reject) => {
    let value = ''
    const finish = () => {
      input.setRawMode(false)
      input.pause()
      input.off('data', onData)
      process.stderr.write('\n')
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish()
          return resolve(value)
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish()
          return reject(new Error('cancelled'))
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('')
        else value += ch
      }
    }
    process.stderr.write(question)
    input.setEncoding('utf8')
    input.setRawMode(true)
    input.on('data', onData)
    input.resume()
  })
}

async function readFirstLine(): Promise<string> {
  let text = ''
  for await (const chunk of process.stdin) {
    text += String(chunk)
    if (text.includes('\n')) break
  }
  return text.split(/\r?\n/)[0] ?? ''
}

async function askPassword(username: string): Promise<string> {
  if (!process.stdin.isTTY) return readFirstLine()
  for (;;) {
    const password = await promptHidden('Password (at least 12 characters): ')
    const problem = passwordProblem(password, username)
    if (problem) {
      console.error(`The password ${problem}.`)
      continue
    }
    if ((await promptHidden('Repeat the password: ')) === password) return password
    console.error('The two passwords differ.')
  }
}

let args
try {
  args = parseArgs({ options: { username: { type: 'string' }, 'display-name': { type: 'string' }, help: { type: 'boolean' } } }).values
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2)
}
if (args.help) fail(USAGE, 0)
if (!args.username) fail(USAGE, 2)
const usernameIssue = usernameProblem(args.username)
if (usernameIssue) fail(`The username ${usernameIssue}.`, 2)
const username = normalizeUsername(args.username)

const store = openStore(configOrExit())
try {
  // Checked before asking, so that nobody types a password for nothing; createStaffAccount checks again.
  if (await store.staff.findByUsername(username)) fail(`The username ${username} is taken; nothing was changed.`)
  const password = await askPassword(username)
  const admin = await createStaffAccount(store.staff, { username, displayName: args['display-name'], role: 'admin', unitCode: null, password })
  console.log(`Created the administrator ${admin.username} (id ${admin.id}).`)
} catch (error) {
  if (error instanceof AccountInputError || error instanceof UsernameTakenError) fail(`${error.message}; nothing was changed.`)
  if (error instanceof Error && error.message === 'cancelled') fail('Cancelled; nothing was changed.')
  throw error
} finally {
  await store.close()
}
