import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import * as v from 'valibot'
import { type Webhook, WebhookCreate, type WebhookDelivery, WebhookUpdate } from '../../shared/webhooks'
import { webhooksApi } from '../api/webhooks'
import { useAdminRequest } from '../composables/admin-request'
import { type FieldProblems, type Problem, problemFromError, problemsFromError, problemsFromIssues } from '../admin/problems'

/**
 * Webhooks: registered, changed, disabled and deleted; one hook's recent deliveries, and a failed one sent
 * again. The secret of a new hook is kept here only until the page is left: the server never shows it again.
 */
export const useAdminWebhooksStore = defineStore('admin-webhooks', () => {
  const webhooks = shallowRef<Webhook[]>([])
  const { busy: loading, problem, run } = useAdminRequest()
  const load = () => run(async () => void (webhooks.value = await webhooksApi.list()))
  /** The secret of the hook just created, shown once. */
  const secret = ref<{ id: number; value: string } | null>(null)
  const deliveries = shallowRef<{ hookId: number; rows: WebhookDelivery[] } | null>(null)

  function replace(hook: Webhook): void {
    const at = webhooks.value.findIndex((h) => h.id === hook.id)
    webhooks.value = at < 0 ? [...webhooks.value, hook] : webhooks.value.map((h, i) => (i === at ? hook : h))
  }

  async function create(input: unknown): Promise<FieldProblems | null> {
    const checked = v.safeParse(WebhookCreate, input)
    if (!checked.success) return problemsFromIssues(checked.issues)
    try {
      const { secret: value, ...hook } = await webhooksApi.create(checked.output)
      replace(hook)
      secret.value = { id: hook.id, value }
      return null
    } catch (error) {
      return problemsFromError(error)
    }
  }

  async function update(id: number, changes: unknown): Promise<FieldProblems | null> {
    const checked = v.safeParse(WebhookUpdate, changes)
    if (!checked.success) return problemsFromIssues(checked.issues)
    try {
      replace(await webhooksApi.update(id, checked.output))
      return null
    } catch (error) {
      return problemsFromError(error)
    }
  }

  async function remove(id: number): Promise<Problem | null> {
    try {
      await webhooksApi.remove(id)
      webhooks.value = webhooks.value.filter((h) => h.id !== id)
      if (deliveries.value?.hookId === id) deliveries.value = null
      return null
    } catch (error) {
      return problemFromError(error)
    }
  }

  async function showDeliveries(hookId: number): Promise<Problem | null> {
    try {
      deliveries.value = { hookId, rows: await webhooksApi.deliveries(hookId) }
      return null
    } catch (error) {
      return problemFromError(error)
    }
  }

  async function resend(hookId: number, deliveryId: string): Promise<Problem | null> {
    try {
      await webhooksApi.resend(hookId, deliveryId)
      await showDeliveries(hookId)
      await load()
      return null
    } catch (error) {
      return problemFromError(error)
    }
  }

  return { webhooks, loading, problem, secret, deliveries, load, create, update, remove, showDeliveries, resend }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminWebhooksStore, import.meta.hot))
