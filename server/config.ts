import * as v from 'valibot'
import { issuePath } from '../shared/api-error'

const Bool = v.pipe(
  v.picklist(['true', 'false', '1', '0', 'yes', 'no'], 'must be true or false'),
  v.transform((s) => s === 'true' || s === '1' || s === 'yes'),
)

const Int = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  )

/**
 * Every setting the server reads, parsed once at boot. Nothing else reads process.env, so a typo in a
 * deployment stops start-up here with a message instead of surfacing later as odd behaviour.
 */
function hasDatabaseName(url: string): boolean {
  try {
    return new URL(url).pathname.length > 1
  } catch {
    return false
  }
}

const ConfigSchema = v.object({
  PORT: v.optional(Int(1, 65535), '8080'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '0.0.0.0'),
  /** sqlite:<path> (the embedded default), or postgres://user:password@host:port/database (the scale-out store). */
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://'),
      // An empty path would make better-sqlite3 open a temporary database: every response lost on restart.
      v.check((url) => !/^sqlite:\s*$/.test(url), 'needs a file path, e.g. sqlite:data/hailong.sqlite'),
      v.check((url) => !url.startsWith('postgres') || hasDatabaseName(url), 'needs a database name, e.g. postgres://hailong:…@127.0.0.1:5432/hailong'),
    ),
    'sqlite:data/hailong.sqlite',
  ),
  /** Load the demo catalog into an empty database. */
  SEED_DEMO: v.optional(Bool, 'true'),
  /** Requests a minute one client may make to each public write endpoint. */
  RATE_LIMIT_PER_MINUTE: v.optional(Int(1, 10_000_000), '120'),
  /** Take the client address from X-Forwarded-For (only behind a reverse proxy you run). */
  TRUST_PROXY: v.optional(Bool, 'false'),
  /** Largest request body accepted, in bytes. */
  BODY_LIMIT_BYTES: v.optional(Int(1024, 64 * 1024 * 1024), String(1024 * 1024)),
  /** Minutes without a request after which a staff session ends. */
  SESSION_IDLE_MINUTES: v.optional(Int(1, 24 * 60), '30'),
  /** Hours after sign-in at which a staff session ends, however active. */
  SESSION_ABSOLUTE_HOURS: v.optional(Int(1, 24 * 30), '12'),
  /** Days after a feedback item is finished (closed, duplicate, spam) at which its contact details are cleared. */
  CONTACT_RETENTION_DAYS: v.optional(Int(1, 3650), '180'),
  STATIC_DIR: v.optional(v.string(), 'dist'),
  /**
   * The address citizens reach the app at, e.g. https://hailong.songoaivu.hatinh.gov.vn: QR posters print it.
   * Unset, a poster takes the address the administrator's browser used, which suits a test install only.
   */
  PUBLIC_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^https?:\/\/[^/?#\s]+$/, 'must be an origin such as https://hailong.example.gov.vn (scheme and host, no path)'),
    ),
  ),
  LOG_REQUESTS: v.optional(Bool, 'true'),
  /**
   * Seconds a client may take to send a whole request. A phone on 3G sends its largest body (three photos,
   * about 1 MB after the device shrinks them) in well under a minute; Node's default is 300.
   */
  REQUEST_TIMEOUT_SECONDS: v.optional(Int(5, 3600), '120'),
  /** Seconds a client may take to send a request's headers. */
  HEADERS_TIMEOUT_SECONDS: v.optional(Int(2, 600), '20'),
  /** Open connections the server holds at once; more are closed as they arrive. */
  MAX_CONNECTIONS: v.optional(Int(1, 1_000_000), '2000'),
  /** Open connections one address may hold (not applied with TRUST_PROXY: then every one is the proxy's). */
  MAX_CONNECTIONS_PER_ADDRESS: v.optional(Int(1, 1_000_000), '64'),
  /**
   * What one address may store through POST /api/feedback in an hour: megabytes (photos and text) and items.
   * A counter's Wi-Fi may put every citizen behind one address: these leave room for a busy day there.
   */
  UPLOAD_MB_PER_HOUR_PER_ADDRESS: v.optional(Int(1, 1_000_000), '50'),
  UPLOAD_ITEMS_PER_HOUR_PER_ADDRESS: v.optional(Int(1, 1_000_000), '60'),
  /** What all addresses together may store through POST /api/feedback in an hour, in megabytes. */
  UPLOAD_MB_PER_HOUR: v.optional(Int(1, 1_000_000), '1000'),
  /** Below this much free space where the database lives, new photos are refused; ratings still get in. */
  MIN_FREE_DISK_MB: v.optional(Int(0, 100_000_000), '512'),
  /**
   * The Open311 jurisdiction_id this server answers for: a request naming another is refused (404, as the
   * GeoReport v2 spec says). The department's domain by default.
   */
  OPEN311_JURISDICTION: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/, 'must be a domain-like id such as sngv.hatinh.gov.vn')),
    'sngv.hatinh.gov.vn',
  ),
  /**
   * Let webhooks reach private, loopback and link-local addresses, and over plain http (a receiver on the
   * same network, the tests). Off, a hook must be a public https address: see server/domain/webhook-target.ts.
   */
  WEBHOOK_ALLOW_PRIVATE: v.optional(Bool, 'false'),
  /**
   * The mail server (README "Notifications and e-mail (SMTP)"): either one URL, smtp://user:pass@host:587 or
   * smtps://…:465, or its parts below. Neither: no e-mail is sent at all, and the administration says so.
   */
  SMTP_URL: v.optional(v.pipe(v.string(), v.regex(/^smtps?:\/\/[^/?#\s]+\/?$/, 'must be smtp://user:password@host:port or smtps://…'))),
  SMTP_HOST: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or address'))),
  SMTP_PORT: v.optional(Int(1, 65535)),
  SMTP_USER: v.optional(v.string()),
  SMTP_PASS: v.optional(v.string()),
  /** The sender, e.g. "Sở Ngoại vụ Hà Tĩnh <hailong@songoaivu.hatinh.gov.vn>": required once a server is set. */
  SMTP_FROM: v.optional(v.pipe(v.string(), v.regex(/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an address, or a name and <address>'))),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. Default: true on port 465. */
  SMTP_SECURE: v.optional(Bool),
  /** Refuse to send unless the connection is upgraded with STARTTLS (ignored with SMTP_SECURE). */
  SMTP_REQUIRE_TLS: v.optional(Bool, 'true'),
  /** Check the mail server's certificate; off only for a server with a self-signed one on your own network. */
  SMTP_TLS_REJECT_UNAUTHORIZED: v.optional(Bool, 'true'),
  /** How often the server looks for items to announce to staff (new, due soon, overdue), in seconds. */
  NOTIFY_INTERVAL_SECONDS: v.optional(Int(1, 3600), '60'),
  /** When each officer's daily digest is made, local time (HH:MM), or off. */
  MAIL_DIGEST_TIME: v.optional(v.pipe(v.string(), v.regex(/^(off|(?:[01]\d|2[0-3]):[0-5]\d)$/, 'must be a time as HH:MM, or off')), '07:30'),
})

export type Config = v.InferOutput<typeof ConfigSchema>

/** Settings that hold a password: a bad one is named, never echoed. */
const SECRET = new Set(['DATABASE_URL', 'SMTP_URL', 'SMTP_PASS'])

/** Problems between settings, each as a line of the start-up message. */
function crossProblems(config: Config): string[] {
  const problems: string[] = []
  const smtp = config.SMTP_URL !== undefined || config.SMTP_HOST !== undefined
  if (config.SMTP_URL !== undefined && config.SMTP_HOST !== undefined) problems.push('  SMTP_URL: give either SMTP_URL or SMTP_HOST, not both')
  if (config.SMTP_HOST === undefined) {
    for (const name of ['SMTP_PORT', 'SMTP_USER', 'SMTP_PASS'] as const) if (config[name] !== undefined) problems.push(`  ${name}: needs SMTP_HOST`)
  }
  if ((config.SMTP_USER === undefined) !== (config.SMTP_PASS === undefined) && config.SMTP_HOST !== undefined) {
    problems.push('  SMTP_USER: SMTP_USER and SMTP_PASS go together')
  }
  if (smtp && config.SMTP_FROM === undefined) problems.push('  SMTP_FROM: needed when a mail server is set (the sender address)')
  // The mails link to the tracking page and the inbox: an address the reader's own device can open.
  if (smtp && config.PUBLIC_URL === undefined) problems.push('  PUBLIC_URL: needed when a mail server is set (the links in the mails)')
  if (!smtp && config.SMTP_FROM !== undefined) problems.push('  SMTP_FROM: needs SMTP_URL or SMTP_HOST')
  return problems
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = v.safeParse(ConfigSchema, present)
  if (!result.success) {
    // A database URL may carry a password: name the variable, never echo its value.
    const shown = (name: string) => (SECRET.has(name) ? '' : `=${JSON.stringify(env[name])}`)
    const lines = result.issues.map((issue) => `  ${issuePath(issue)}${shown(issuePath(issue))}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const problems = crossProblems(result.output)
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`)
  return result.output
}
