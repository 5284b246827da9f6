import { describe, expect, it } from 'vitest'
import { withInlineCatalog } from '../../server/app'
import type { Catalog } from '../../shared/catalog'

const HTML = '<!doctype html><html><head><title>x</title></head><body><div id="app"></div></body></html>'

describe('the catalog inlined into a citizen page', () => {
  it('round-trips through the data block, and text in it cannot close the script element', () => {
    const catalog = {
      agency: { vi: 'Sở </script><script>alert(1)</script>', en: 'x' },
      units: [],
      counters: [],
      procedures: [],
      questionnaires: [],
      demo: true,
    } satisfies Catalog
    const html = withInlineCatalog(HTML, catalog)
    const match = /<script id="catalog-data" type="application\/json">(.*?)<\/script><\/head>/.exec(html)
    expect(match).not.toBeNull()
    expect(match![1]).not.toContain('<')
    expect(JSON.parse(match![1]!)).toEqual(catalog)
    expect(html.match(/<\/script>/g)).toHaveLength(1)
  })
})
