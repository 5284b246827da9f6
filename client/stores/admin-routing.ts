import { acceptHMRUpdate, defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { FeedbackCategory } from '../../shared/feedback'
import { RoutingRules, type RoutingResult, type RoutingRule } from '../../shared/routing'
import { adminApi } from '../api/admin'
import { useAdminRequest } from '../composables/admin-request'
import { useSettingDocument } from '../composables/setting-document'

export interface RouteTrial {
  category: FeedbackCategory
  procedure: string
  counter: string
  /** Try the rules being edited rather than the saved ones. */
  useDraft: boolean
}

/**
 * The routing rules being edited, and the tester that asks the server where an item would go. The tester
 * runs the server's own routing over the saved rules or over the draft, so what it shows is what filing
 * would do.
 */
export const useAdminRoutingStore = defineStore('admin-routing', () => {
  const document = useSettingDocument('routing-rules', RoutingRules)
  /** undefined: not asked yet; null: no rule reaches a unit. */
  const trialResult = shallowRef<RoutingResult | null | undefined>(undefined)
  const { busy: trying, problem: trialProblem, run } = useAdminRequest()

  function addRule(): void {
    const rules = document.draft.value
    if (!rules) return
    const highest = rules.reduce((max, r) => Math.max(max, r.priority), 0)
    let n = rules.length + 1
    while (rules.some((r) => r.id === `rule-${n}`)) n++
    const rule: RoutingRule = { id: `rule-${n}`, priority: highest + 10, match: {}, targets: ['inspectorate'], note: { vi: '', en: '' } }
    rules.push(rule)
  }

  function removeRule(index: number): void {
    document.draft.value?.splice(index, 1)
  }

  /** Moves a rule up or down the list and renumbers priorities in tens, the order the list shows. */
  function moveRule(index: number, by: -1 | 1): void {
    const rules = document.draft.value
    if (!rules) return
    const to = index + by
    if (to < 0 || to >= rules.length) return
    const sorted = [...rules].sort((a, b) => a.priority - b.priority)
    const [rule] = sorted.splice(index, 1)
    sorted.splice(to, 0, rule!)
    sorted.forEach((r, i) => (r.priority = (i + 1) * 10))
    rules.splice(0, rules.length, ...sorted)
  }

  /** Loads the rules in the order they are tried (list order among equal priorities), as the page lists them. */
  async function load(): Promise<void> {
    await document.load()
    document.draft.value?.sort((a, b) => a.priority - b.priority)
  }

  async function tryRoute(trial: RouteTrial): Promise<void> {
    trialResult.value = undefined
    await run(async () => {
      trialResult.value = await adminApi.testRoute({
        category: trial.category,
        ...(trial.procedure ? { procedure: trial.procedure } : {}),
        ...(trial.counter ? { counter: trial.counter } : {}),
        ...(trial.useDraft && document.draft.value ? { rules: document.draft.value } : {}),
      })
    })
  }

  return { ...document, load, trialResult, trialProblem, trying, addRule, removeRule, moveRule, tryRoute }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminRoutingStore, import.meta.hot))
