import { acceptHMRUpdate, defineStore } from 'pinia'
import { EmbedOrigins } from '../../shared/embed'
import { useSettingDocument } from '../composables/setting-document'

/** The origins allowed to frame the public widget, as one versioned document. */
export const useAdminEmbedStore = defineStore('admin-embed', () => useSettingDocument('embed-origins', EmbedOrigins))

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminEmbedStore, import.meta.hot))
