import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inlineHashes } from '../../server/middleware/security-headers'
import { seedItem } from './staff-feedback-fixtures'
import { addStaff, createTestApp, type Session, signIn, staffRequest, type TestApp } from './test-app'

const STYLE = ':root{--brand:#0b5394}body{margin:0}'
const SCRIPT = 'document.documentElement.dataset.ready = "1"'
/** A built index.html as the server reads it: one inline stylesheet, one inline script, one module by URL. */
const INDEX = `<!doctype html><html lang="vi"><head><title>Hài lòng</title>
<script type="module" crossorigin src="/assets/index-abc.js"></script><style>${STYLE}</style><script>${SCRIPT}</script>
</head><body><div id="app"></div></body></html>`

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

/** The header's directives by name. */
function directives(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? ''
  return new Map(header.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...sources]) => [name, sources]))
}

let staticDir: string
let t: TestApp
let staff: Session
let admin: Session
let item: { id: string; trackingCode: string }

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'hailong-csp-'))
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'index.html'), INDEX)
  writeFileSync(join(staticDir, 'assets', 'index-abc.js'), 'console.log(1)')
  t = await createTestApp({ STATIC_DIR: staticDir })
  await addStaff(t, { username: 'csp.staff', role: 'unit_staff', unitCode: 'LS' })
  await addStaff(t, { username: 'csp.admin', role: 'admin' })
  staff = await signIn(t.app, 'csp.staff')
  admin = await signIn(t.app, 'csp.admin')
  item = await seedItem(t, { photos: 2 })
})
afterAll(async () => {
  await t.close()
  rmSync(staticDir, { recursive: true, force: true })
})

/** Every header but the CSP and HSTS, the same on every response. */
function expectCommonHeaders(res: Response): void {
  expect(res.headers.get('x-frame-options')).toBe('DENY')
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin')
  const permissions = res.headers.get('permissions-policy') ?? ''
  expect(permissions).toContain('camera=(self)')
  for (const feature of ['geolocation', 'microphone', 'payment', 'usb']) expect(permissions).toContain(`${feature}=()`)
  expect(res.headers.get('x-powered-by')).toBeNull()
}

/** The app's policy: everything from our origin, `hashes` the inline code allowed besides. */
function expectAppPolicy(res: Response, hashes: { scripts: string[]; styles: string[] }): void {
  const csp = directives(res)
  expect(csp.get('default-src')).toEqual(["'self'"])
  expect(csp.get('script-src')).toEqual(["'self'", ...hashes.scripts])
  expect(csp.get('style-src')).toEqual(["'self'", ...hashes.styles])
  expect(csp.get('img-src')).toEqual(["'self'", 'blob:'])
  for (const name of ['connect-src', 'worker-src', 'manifest-src', 'base-uri', 'form-action']) expect(csp.get(name), name).toEqual(["'self'"])
  expect(csp.get('object-src')).toEqual(["'none'"])
  expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  expect(csp.has('style-src-attr')).toBe(false)
  expect(res.headers.get('content-security-policy')).not.toContain('unsafe')
}

const INDEX_HASHES = { scripts: [sha256(SCRIPT)], styles: [sha256(STYLE)] }

describe('security headers', () => {
  it('get /api/health carries every header and the app policy', async () => {
    const res = await t.app.request('/api/health')
    expect(res.status).toBe(200)
    expectCommonHeaders(res)
    expectAppPolicy(res, INDEX_HASHES)
  })

  it('an API error, an asset and a page carry them too', async () => {
    for (const path of ['/api/nope', '/assets/index-abc.js', '/', '/staff', '/t/ABCD-EFGH-JKM', '/q/HCC-01']) {
      const res = await t.app.request(path)
      expect(res.status, path).toBe(path === '/api/nope' ? 404 : 200)
      expectCommonHeaders(res)
      expectAppPolicy(res, INDEX_HASHES)
    }
  })

  it('the policy of a page allows every inline script and style in it, and no other', async () => {
    for (const path of ['/', '/q/HCC-01', '/q/HCC-01/phan-anh']) {
      const res = await t.app.request(path)
      const html = await res.text()
      const csp = directives(res)
      const found = inlineHashes(html)
      expect(found.scripts, path).toEqual([sha256(SCRIPT)])
      expect(found.styles, path).toEqual([sha256(STYLE)])
      for (const hash of found.scripts) expect(csp.get('script-src')).toContain(hash)
      for (const hash of found.styles) expect(csp.get('style-src')).toContain(hash)
    }
    // The catalog the server adds to /q/* is a JSON data block: not run, so not hashed.
    const html = await (await t.app.request('/q/HCC-01')).text()
    const catalog = /<script id="catalog-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)?.[1]
    expect(catalog).toBeTruthy()
    expect(inlineHashes(html).scripts).not.toContain(sha256(catalog!))
  })

  it('sends HSTS over HTTPS only: a https request, or X-Forwarded-Proto from a trusted proxy', async () => {
    const hsts = 'max-age=31536000; includeSubDomains'
    expect((await t.app.request('http://localhost/api/health')).headers.get('strict-transport-security')).toBeNull()
    expect((await t.app.request('https://localhost/api/health')).headers.get('strict-transport-security')).toBe(hsts)
    // Without TRUST_PROXY anyone may send X-Forwarded-Proto: it is ignored.
    const forged = await t.app.request('http://localhost/api/health', { headers: { 'x-forwarded-proto': 'https' } })
    expect(forged.headers.get('strict-transport-security')).toBeNull()

    const proxied = await createTestApp({ TRUST_PROXY: 'true' })
    try {
      const behindTls = await proxied.app.request('http://localhost/q/HCC-01', { headers: { 'x-forwarded-proto': 'https' } })
      expect(behindTls.headers.get('strict-transport-security')).toBe(hsts)
      const plain = await proxied.app.request('http://localhost/api/health', { headers: { 'x-forwarded-proto': 'http' } })
      expect(plain.headers.get('strict-transport-security')).toBeNull()
    } finally {
      await proxied.close()
    }
  })

  it('sends HSTS on every response when PUBLIC_URL is https://, and not when it is http://', async () => {
    for (const [url, expected] of [
      ['https://hailong.example.gov.vn', 'max-age=31536000; includeSubDomains'],
      ['http://hailong.example.gov.vn', null],
    ] as const) {
      const other = await createTestApp({ PUBLIC_URL: url })
      try {
        expect((await other.app.request('http://localhost/api/health')).headers.get('strict-transport-security'), url).toBe(expected)
      } finally {
        await other.close()
      }
    }
  })

  it('a staff photo keeps its own sandbox policy and is named for saving in plain ASCII', async () => {
    for (const [idx, name] of [
      [0, `phan-anh-${item.trackingCode}-1.jpg`],
      [1, `phan-anh-${item.trackingCode}-2.png`],
    ] as const) {
      const res = await staffRequest(t.app, 'GET', `/api/staff/feedback/${item.id}/photos/${idx}`, staff)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-disposition')).toBe(`inline; filename="${name}"`)
      expect(res.headers.get('content-disposition')).toMatch(/^[\x20-\x7e]+$/)
      expectCommonHeaders(res)
    }
  })

  it('a printable page the API writes gets the hashes of its own style and print button', async () => {
    const res = await staffRequest(t.app, 'GET', `/api/staff/posters?counter=HCC-01&size=a5&origin=${encodeURIComponent('http://localhost')}`, admin)
    expect(res.status).toBe(200)
    const html = await res.text()
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!
    expect(html).toContain('onclick="window.print()"')
    const csp = directives(res)
    expect(csp.get('style-src')).toEqual(["'self'", sha256(style)])
    expect(csp.get('script-src')).toEqual(["'self'", "'unsafe-hashes'", sha256('window.print()')])
    expect(csp.get('default-src')).toEqual(["'self'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expectCommonHeaders(res)
  })
})

describe('inlineHashes', () => {
  it('hashes inline scripts, styles and handlers, and skips scripts by URL and JSON data blocks', () => {
    const html =
      '<script src="/a.js"></script><script type="application/json">{"a":1}</script><script type="module">run()</script>' +
      '<style media="print">p{}</style><button onclick="a(&quot;x&quot;)">x</button><a onmouseover="b()">y</a>'
    expect(inlineHashes(html)).toEqual({
      scripts: [sha256('run()')],
      styles: [sha256('p{}')],
      handlers: [sha256('a("x")'), sha256('b()')],
    })
  })
})
