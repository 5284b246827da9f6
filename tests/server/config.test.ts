import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../server/config'

function configError(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`)
}

describe('parseConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(parseConfig({})).toEqual({
      PORT: 8080,
      HOST: '0.0.0.0',
      DATABASE_URL: 'sqlite:data/hailong.sqlite',
      SEED_DEMO: true,
      RATE_LIMIT_PER_MINUTE: 120,
      TRUST_PROXY: false,
      BODY_LIMIT_BYTES: 1024 * 1024,
      SESSION_IDLE_MINUTES: 30,
      SESSION_ABSOLUTE_HOURS: 12,
      CONTACT_RETENTION_DAYS: 180,
      STATIC_DIR: 'dist',
      LOG_REQUESTS: true,
      REQUEST_TIMEOUT_SECONDS: 120,
      HEADERS_TIMEOUT_SECONDS: 20,
      MAX_CONNECTIONS: 2000,
      MAX_CONNECTIONS_PER_ADDRESS: 64,
      UPLOAD_MB_PER_HOUR_PER_ADDRESS: 50,
      UPLOAD_ITEMS_PER_HOUR_PER_ADDRESS: 60,
      UPLOAD_MB_PER_HOUR: 1000,
      MIN_FREE_DISK_MB: 512,
      OPEN311_JURISDICTION: 'sngv.hatinh.gov.vn',
      WEBHOOK_ALLOW_PRIVATE: false,
      SMTP_REQUIRE_TLS: true,
      SMTP_TLS_REJECT_UNAUTHORIZED: true,
      NOTIFY_INTERVAL_SECONDS: 60,
      MAIL_DIGEST_TIME: '07:30',
    })
  })

  it('refuses an Open311 jurisdiction that is not a domain-like id', () => {
    expect(() => parseConfig({ OPEN311_JURISDICTION: 'not a domain' })).toThrow(/OPEN311_JURISDICTION/)
    expect(parseConfig({ OPEN311_JURISDICTION: 'hatinh.gov.vn' }).OPEN311_JURISDICTION).toBe('hatinh.gov.vn')
  })

  it('treats an empty variable as unset (PORT= in a .env file)', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ PORT: 8080, DATABASE_URL: 'sqlite:data/hailong.sqlite' })
  })

  it('ignores the rest of the environment', () => {
    expect(parseConfig({ PATH: '/usr/bin', HOME: '/root' }).PORT).toBe(8080)
  })

  it('reads numbers and booleans from their text', () => {
    const config = parseConfig({ PORT: '3000', SEED_DEMO: 'no', TRUST_PROXY: '1', RATE_LIMIT_PER_MINUTE: '5', BODY_LIMIT_BYTES: '2048', LOG_REQUESTS: 'false' })
    expect(config).toMatchObject({ PORT: 3000, SEED_DEMO: false, TRUST_PROXY: true, RATE_LIMIT_PER_MINUTE: 5, BODY_LIMIT_BYTES: 2048, LOG_REQUESTS: false })
  })

  it('accepts a sqlite: path', () => {
    expect(parseConfig({ DATABASE_URL: 'sqlite:/var/lib/hailong/db.sqlite' }).DATABASE_URL).toBe('sqlite:/var/lib/hailong/db.sqlite')
  })

  it.each(['abc', '80.5', '-1', '0', '65536', '8080x', ' 8080'])('stops on PORT=%j with a message naming PORT', (port) => {
    const message = configError({ PORT: port })
    expect(message).toContain('Invalid configuration')
    expect(message).toContain(`PORT=${JSON.stringify(port)}`)
  })

  it('says what is wrong with a bad PORT', () => {
    expect(configError({ PORT: 'abc' })).toContain('must be a whole number')
    expect(configError({ PORT: '70000' })).toContain('must be at most 65535')
  })

  it.each(['mysql://user:secret@localhost/db', 'data/hailong.sqlite', 'file:db.sqlite', 'SQLITE:db'])('stops on DATABASE_URL=%j with a message naming DATABASE_URL', (url) => {
    const message = configError({ DATABASE_URL: url })
    expect(message).toContain('DATABASE_URL: must start with sqlite:')
    // The value may carry a password: it is never echoed.
    expect(message).not.toContain(url)
  })

  it('stops on DATABASE_URL=sqlite: with no path (better-sqlite3 would open a throw-away database)', () => {
    expect(configError({ DATABASE_URL: 'sqlite:' })).toContain('DATABASE_URL')
    expect(configError({ DATABASE_URL: 'sqlite:   ' })).toContain('DATABASE_URL')
  })

  it.each(['postgres://u:p@db/hailong', 'postgresql://db:5433/hailong?host=/tmp/sock'])('takes %s for the PostgreSQL store', (url) => {
    expect(parseConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url)
  })

  it.each(['postgres://u:p@db', 'postgres://u:p@db/', 'postgres://u:p@[bad'])('refuses %s clearly without echoing the password', (url) => {
    const message = configError({ DATABASE_URL: url })
    expect(message).toContain('DATABASE_URL: needs a database name')
    // The password in the URL must not be echoed into logs.
    expect(message).not.toContain('u:p@')
  })

  it.each([
    ['SEED_DEMO', 'maybe'],
    ['TRUST_PROXY', 'on'],
    ['LOG_REQUESTS', 'TRUE '],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['BODY_LIMIT_BYTES', '100'],
    ['BODY_LIMIT_BYTES', '1mb'],
    ['PUBLIC_URL', 'hailong.example.vn'],
    ['CONTACT_RETENTION_DAYS', '0'],
    ['PUBLIC_URL', 'https://hailong.example.vn/app'],
  ])('stops on %s=%j naming it', (name, value) => {
    expect(configError({ [name]: value })).toContain(`${name}=${JSON.stringify(value)}`)
  })

  it('takes PUBLIC_URL as an origin', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://hailong.example.vn' }).PUBLIC_URL).toBe('https://hailong.example.vn')
  })

  it('lists every bad variable at once', () => {
    const message = configError({ PORT: 'x', RATE_LIMIT_PER_MINUTE: 'y' })
    expect(message).toContain('PORT=')
    expect(message).toContain('RATE_LIMIT_PER_MINUTE=')
  })
})
