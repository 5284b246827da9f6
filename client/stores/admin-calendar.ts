import { acceptHMRUpdate, defineStore } from 'pinia'
import { WorkingCalendar } from '../../shared/working-days'
import { useSettingDocument } from '../composables/setting-document'

/** The working calendar: closing time, the years filled in, days off and Saturdays worked. */
export const useAdminCalendarStore = defineStore('admin-calendar', () => useSettingDocument('calendar', WorkingCalendar))

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminCalendarStore, import.meta.hot))
