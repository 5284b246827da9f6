import * as v from 'valibot'

/**
 * Webhooks: the events the server pushes to the province's systems, what an administrator sends to register
 * a hook, and what the admin pages read back. The payloads themselves are built by the stores
 * (server/store/webhook-store.ts) and documented in README "Webhooks".
 */
export const WEBHOOK_EVENTS = ['feedback.filed', 'feedback.assigned', 'feedback.answered', 'feedback.overdue', 'response.stored'] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

const Name = v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'is required'), v.maxLength(100, 'is too long (at most 100 characters)'))

/**
 * An absolute http(s) URL without credentials. Whether its host may be reached (not a private or loopback
 * address unless WEBHOOK_ALLOW_PRIVATE) and whether plain http is allowed is the server's check.
 */
export const WebhookUrl = v.pipe(
  v.string('must be text'),
  v.trim(),
  v.minLength(1, 'is required'),
  v.maxLength(2000, 'is too long (at most 2000 characters)'),
  v.check((s) => URL.canParse(s), 'must be an absolute URL such as https://lgsp.example.gov.vn/hooks/hailong'),
  v.check((s) => !URL.canParse(s) || ['https:', 'http:'].includes(new URL(s).protocol), 'must start with https://'),
  v.check((s) => !URL.canParse(s) || (new URL(s).username === '' && new URL(s).password === ''), 'must not carry a user name or password'),
)

export const WebhookEvents = v.pipe(
  v.array(v.picklist(WEBHOOK_EVENTS, `must each be one of ${WEBHOOK_EVENTS.join(', ')}`), 'must be a list of events'),
  v.minLength(1, 'must name at least one event'),
  v.transform((events) => WEBHOOK_EVENTS.filter((e) => events.includes(e))),
)

export const WebhookCreate = v.strictObject({ name: Name, url: WebhookUrl, events: WebhookEvents, enabled: v.optional(v.boolean('must be true or false'), true) })
export type WebhookCreate = v.InferOutput<typeof WebhookCreate>

export const WebhookUpdate = v.pipe(
  v.strictObject({
    name: v.optional(Name),
    url: v.optional(WebhookUrl),
    events: v.optional(WebhookEvents),
    enabled: v.optional(v.boolean('must be true or false')),
  }),
  v.check((body) => Object.keys(body).length > 0, 'must change at least one of name, url, events, enabled'),
)
export type WebhookUpdate = v.InferOutput<typeof WebhookUpdate>

/** A hook as the admin pages see it: never its secret, which is shown once, when the hook is created. */
export interface Webhook {
  id: number
  name: string
  url: string
  events: WebhookEvent[]
  enabled: boolean
  createdAt: string
  updatedAt: string
  /** Deliveries waiting for a first try or a retry, and those given up on after a day of retries. */
  pending: number
  failed: number
}

/** The answer to creating a hook: the only time its secret is shown. */
export type CreatedWebhook = Webhook & { secret: string }

export type DeliveryStatus = 'pending' | 'delivered' | 'failed'

export interface WebhookDelivery {
  id: string
  event: WebhookEvent
  status: DeliveryStatus
  attempts: number
  createdAt: string
  /** The next try of a pending delivery. */
  nextAt: string | null
  lastAttemptAt: string | null
  /** The receiver's HTTP status of the last try, or null when it could not be reached. */
  lastStatus: number | null
  /** Why the last try failed, in a few words (timeout, connection refused, HTTP 500). */
  lastError: string | null
  deliveredAt: string | null
}
