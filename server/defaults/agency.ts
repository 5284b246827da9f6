import type { Catalog } from '../../shared/catalog'

/** The agency the app is made for, named on the public pages and the reports until another is stored. */
export const DEFAULT_AGENCY: Catalog['agency'] = { vi: 'Sở Ngoại vụ tỉnh Hà Tĩnh', en: 'Hà Tĩnh Department of Foreign Affairs' }
