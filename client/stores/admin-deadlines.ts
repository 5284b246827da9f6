import { acceptHMRUpdate, defineStore } from 'pinia'
import { DeadlineConfig } from '../../shared/petition-types'
import { useSettingDocument } from '../composables/setting-document'

/** Time limits per petition type and the per-category overrides, as one versioned document. */
export const useAdminDeadlinesStore = defineStore('admin-deadlines', () => useSettingDocument('deadlines', DeadlineConfig))

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminDeadlinesStore, import.meta.hot))
