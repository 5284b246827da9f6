import type { CreatedWebhook, Webhook, WebhookCreate, WebhookDelivery, WebhookUpdate } from '../../shared/webhooks'
import { get, write } from './client'

/** The webhooks' administration endpoints (README "Webhooks"), through client.ts. */
const HOOKS = '/api/staff/admin/webhooks'

export const webhooksApi = {
  list: async () => (await get<{ webhooks: Webhook[] }>(HOOKS)).webhooks,
  create: (body: WebhookCreate) => write<CreatedWebhook>('POST', HOOKS, body),
  update: (id: number, body: WebhookUpdate) => write<Webhook>('PATCH', `${HOOKS}/${id}`, body),
  remove: (id: number) => write<void>('DELETE', `${HOOKS}/${id}`),
  deliveries: async (id: number) => (await get<{ deliveries: WebhookDelivery[] }>(`${HOOKS}/${id}/deliveries`)).deliveries,
  resend: (id: number, delivery: string) => write<WebhookDelivery>('POST', `${HOOKS}/${id}/deliveries/${delivery}/resend`),
}
