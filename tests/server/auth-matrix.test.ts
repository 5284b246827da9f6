/**
 * The authorization matrix: every staff endpoint × every role × the caller's own unit / another unit, plus
 * signed out. Each endpoint is one row of ENDPOINTS; a later endpoint (the feedback inbox, say) is added as
 * a row, and the completeness test below fails until it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DEADLINES } from '../../server/defaults/deadlines'
import { QUICK_V1 } from '../../server/defaults/questionnaires'
import { ROLES, type StaffRole } from '../../shared/staff'
import type { FeedbackDetail, FeedbackSummary, InboxPage } from '../../shared/staff-feedback'
import { seedItem } from './staff-feedback-fixtures'
import { addDays, today } from '../../shared/dates'
import { generateTrackingCode } from '../../shared/tracking-code'
import { uuidv7 } from 'uuidv7'
import { addStaff, createTestApp, type Session, signIn, staffRequest, type TestApp } from './test-app'

type Status = number
type Scope = 'own' | 'other'

interface Caller {
  role: StaffRole
  username: string
  unitCode: string | null
}

/** One account per role. Unit roles sit in LS; the inspector in the inspectorate; the others in no unit. */
const CALLERS: Caller[] = [
  { role: 'unit_staff', username: 'm.staff', unitCode: 'LS' },
  { role: 'unit_head', username: 'm.head', unitCode: 'LS' },
  { role: 'inspector', username: 'm.inspector', unitCode: 'VP-TT' },
  { role: 'leadership', username: 'm.leader', unitCode: null },
  { role: 'admin', username: 'm.admin', unitCode: null },
]

/** The unit whose items a case targets: the caller's own, or one that is not. */
function targetUnit(caller: Caller, scope: Scope): string {
  const own = caller.unitCode ?? 'LS'
  return scope === 'own' ? own : own === 'HTQT' ? 'LS' : 'HTQT'
}

interface Case {
  t: TestApp
  caller: Caller
  /** The unit the request is about. */
  unit: string
}

interface Request {
  path: string
  body?: unknown
  /** Sent as text/csv instead of a JSON body. */
  csv?: string
}

interface Endpoint {
  /** `METHOD /route/:param` as Hono registers it: the completeness check matches on it. */
  route: string
  /** The concrete request for a case (an endpoint about items builds the path to an item of `unit`). */
  request: (ctx: Case) => Request | Promise<Request>
  signedOut: Status
  expected: Record<StaffRole, Record<Scope, Status>>
  /** Further checks on a successful answer. */
  check?: (res: Response, ctx: Case) => Promise<void>
}

/** The same status for every role and both scopes. */
const everyone = (status: Status) => Object.fromEntries(ROLES.map((r) => [r, { own: status, other: status }])) as Endpoint['expected']

/**
 * The feedback endpoints: unit roles get `unitRoles` for their own unit and another; the inspector sees every
 * unit; leadership gets `leadership` (it reads but does not handle); administrators 403.
 */
const handlers = (unitRoles: Record<Scope, Status>, leadership: Status): Endpoint['expected'] => ({
  unit_staff: unitRoles,
  unit_head: unitRoles,
  inspector: { own: 200, other: 200 },
  leadership: { own: leadership, other: leadership },
  admin: { own: 403, other: 403 },
})

/** `status` for administrators, 403 for every other role. */
const onlyAdmin = (status: Status) =>
  Object.fromEntries(ROLES.map((r) => [r, r === 'admin' ? { own: status, other: status } : { own: 403, other: 403 }])) as Endpoint['expected']

const ENDPOINTS: Endpoint[] = [
  {
    route: 'GET /api/staff/me',
    request: () => ({ path: '/api/staff/me' }),
    signedOut: 401,
    expected: everyone(200),
    check: async (res, { caller }) => {
      expect(await res.json()).toMatchObject({ username: caller.username, role: caller.role, unitCode: caller.unitCode })
    },
  },
  {
    route: 'POST /api/auth/sign-out',
    request: () => ({ path: '/api/auth/sign-out' }),
    signedOut: 401,
    expected: everyone(204),
  },
  // The second factor: open to every signed-in account (none is required here: the test app does not ask).
  {
    route: 'GET /api/auth/second-factor',
    request: () => ({ path: '/api/auth/second-factor' }),
    signedOut: 401,
    expected: everyone(200),
  },
  {
    route: 'POST /api/auth/second-factor/enrolment',
    request: () => ({ path: '/api/auth/second-factor/enrolment' }),
    signedOut: 401,
    expected: everyone(200),
  },
  {
    // Past the guard, the body is checked: a code that cannot be one.
    route: 'POST /api/auth/second-factor/enrolment/confirm',
    request: () => ({ path: '/api/auth/second-factor/enrolment/confirm', body: { code: 'not a code' } }),
    signedOut: 401,
    expected: everyone(400),
  },
  {
    // A signed-in session has no code step left.
    route: 'POST /api/auth/second-factor/verify',
    request: () => ({ path: '/api/auth/second-factor/verify', body: { code: '123456' } }),
    signedOut: 401,
    expected: everyone(409),
  },
  {
    route: 'GET /api/staff/settings/:key',
    request: () => ({ path: '/api/staff/settings/deadlines' }),
    signedOut: 401,
    expected: everyone(200),
  },
  {
    route: 'PUT /api/staff/settings/:key',
    // Saves the version now stored, so that every administrator case is a fresh, valid save.
    request: async ({ t }) => ({
      path: '/api/staff/settings/deadlines',
      body: {
        version: ((await t.sql("SELECT version FROM settings WHERE key = 'deadlines'"))[0]?.version as number | undefined) ?? 0,
        value: DEFAULT_DEADLINES,
      },
    }),
    signedOut: 401,
    expected: onlyAdmin(200),
  },
  {
    route: 'GET /api/staff/settings/:key/history',
    request: () => ({ path: '/api/staff/settings/deadlines/history' }),
    signedOut: 401,
    expected: onlyAdmin(200),
  },
  {
    route: 'GET /api/staff/exports/responses.csv',
    request: () => ({ path: '/api/staff/exports/responses.csv?from=2026-01-01&to=2026-01-31' }),
    signedOut: 401,
    expected: onlyAdmin(200),
  },
  {
    route: 'GET /api/staff/exports/feedback.csv',
    request: () => ({ path: `/api/staff/exports/feedback.csv?from=${SEEDED_DAY}&to=${SEEDED_DAY}` }),
    signedOut: 401,
    expected: everyone(200),
    // The inbox's scope: the items the caller may open, in full; an administrator every item without its text.
    check: async (res, { caller }) => {
      const text = await res.text()
      const described = Object.keys(ITEMS).filter((unit) => text.includes(`,${DESCRIPTION(unit)},`))
      const listed = Object.keys(ITEMS).filter((unit) => text.includes(ITEMS[unit]!))
      const expected: Record<StaffRole, { listed: string[]; described: string[] }> = {
        unit_staff: { listed: ['LS'], described: ['LS'] },
        unit_head: { listed: ['LS'], described: ['LS'] },
        inspector: { listed: ['LS', 'HTQT', 'VP-TT'], described: ['LS', 'HTQT', 'VP-TT'] },
        leadership: { listed: ['LS', 'HTQT', 'VP-TT'], described: ['LS', 'HTQT', 'VP-TT'] },
        admin: { listed: ['LS', 'HTQT', 'VP-TT'], described: [] },
      }
      expect({ listed, described }).toEqual(expected[caller.role])
    },
  },
  {
    route: 'GET /api/staff/dashboard',
    // The caller's own unit, or another: a unit head may see only their own.
    request: ({ unit }) => ({ path: `/api/staff/dashboard?from=2026-01-01&to=2026-06-30&unit=${unit}` }),
    signedOut: 401,
    expected: Object.fromEntries(
      ROLES.map((r) => [
        r,
        r === 'unit_staff' ? { own: 403, other: 403 } : r === 'unit_head' ? { own: 200, other: 403 } : { own: 200, other: 200 },
      ]),
    ) as Endpoint['expected'],
  },
  {
    route: 'GET /api/stats/satisfaction',
    // The dashboard's readers and scope: a unit head has their own unit's figures only.
    request: ({ unit }) => ({ path: `/api/stats/satisfaction?from=2026-01-01&to=2026-06-30&unit=${unit}` }),
    signedOut: 401,
    expected: Object.fromEntries(
      ROLES.map((r) => [
        r,
        r === 'unit_staff' ? { own: 403, other: 403 } : r === 'unit_head' ? { own: 200, other: 403 } : { own: 200, other: 200 },
      ]),
    ) as Endpoint['expected'],
  },
  {
    route: 'GET /api/staff/reports/period',
    // A unit's report: a unit head may have their own only.
    request: ({ unit }) => ({ path: `/api/staff/reports/period?from=2026-01-01&to=2026-06-30&format=json&unit=${unit}` }),
    signedOut: 401,
    expected: Object.fromEntries(
      ROLES.map((r) => [
        r,
        r === 'unit_staff' ? { own: 403, other: 403 } : r === 'unit_head' ? { own: 200, other: 403 } : { own: 200, other: 200 },
      ]),
    ) as Endpoint['expected'],
  },
  {
    route: 'GET /api/staff/posters',
    request: () => ({ path: '/api/staff/posters?counter=HCC-01&origin=http%3A%2F%2Flocalhost' }),
    signedOut: 401,
    expected: onlyAdmin(200),
  },
  {
    route: 'GET /api/staff/posters/public-url',
    request: () => ({ path: '/api/staff/posters/public-url' }),
    signedOut: 401,
    expected: onlyAdmin(200),
  },
  {
    route: 'POST /api/staff/settings/routing-rules/test',
    request: () => ({ path: '/api/staff/settings/routing-rules/test', body: { category: 'facilities', counter: 'HCC-01' } }),
    signedOut: 401,
    expected: onlyAdmin(200),
  },
  {
    route: 'GET /api/staff/feedback',
    // Asking for a unit outside one's scope gives an empty page, never that unit's items.
    request: ({ unit }) => ({ path: `/api/staff/feedback?unit=${unit}` }),
    signedOut: 401,
    expected: handlers({ own: 200, other: 200 }, 200),
    check: async (res, { caller, unit }) => {
      const codes = ((await res.json()) as InboxPage).items.map((i) => i.unit?.code)
      const inScope = caller.role === 'inspector' || caller.role === 'leadership' || caller.unitCode === unit
      expect(codes).toEqual(inScope ? [unit] : [])
    },
  },
  {
    route: 'GET /api/staff/feedback/summary',
    request: () => ({ path: '/api/staff/feedback/summary?from=2020-01-01&to=2100-12-31' }),
    signedOut: 401,
    expected: handlers({ own: 200, other: 200 }, 200),
    check: async (res, { caller }) => {
      const units = ((await res.json()) as FeedbackSummary).byUnit.map((u) => u.unitCode)
      expect(units).toEqual(caller.role === 'inspector' || caller.role === 'leadership' ? Object.keys(ITEMS).sort() : [caller.unitCode])
    },
  },
  {
    route: 'GET /api/staff/feedback/assignees',
    request: ({ unit }) => ({ path: `/api/staff/feedback/assignees?unit=${unit}` }),
    signedOut: 401,
    expected: handlers({ own: 200, other: 404 }, 403),
  },
  {
    route: 'GET /api/staff/feedback/:id',
    request: ({ unit }) => ({ path: `/api/staff/feedback/${ITEMS[unit]}` }),
    signedOut: 401,
    expected: handlers({ own: 200, other: 404 }, 200),
    check: async (res, { unit }) => {
      expect(((await res.json()) as FeedbackDetail).unit?.code).toBe(unit)
    },
  },
  {
    route: 'GET /api/staff/feedback/:id/photos/:idx',
    request: ({ unit }) => ({ path: `/api/staff/feedback/${ITEMS[unit]}/photos/0` }),
    signedOut: 401,
    expected: handlers({ own: 200, other: 404 }, 200),
    check: async (res) => {
      expect(res.headers.get('content-type')).toBe('image/jpeg')
    },
  },
  {
    route: 'POST /api/staff/feedback/:id/actions',
    // A note: every role that handles items may add one, in any status. Sent with the version now stored.
    request: async ({ t, unit }) => ({
      path: `/api/staff/feedback/${ITEMS[unit]}/actions`,
      body: {
        action: 'note',
        text: 'Ghi chú kiểm tra phân quyền',
        version: (await t.sql('SELECT version FROM feedback WHERE id = ?', ITEMS[unit]))[0]!.version as number,
      },
    }),
    signedOut: 401,
    expected: handlers({ own: 200, other: 404 }, 403),
    check: async (res, { unit }) => {
      const item = (await res.json()) as FeedbackDetail
      expect(item.unit?.code).toBe(unit)
      expect(item.history.at(-1)).toMatchObject({ action: 'note', internalNote: 'Ghi chú kiểm tra phân quyền' })
    },
  },
  ...adminEndpoints(),
  {
    // The counters' kiosks: the inspectorate watches them, with the administrators who issue them.
    route: 'GET /api/staff/kiosks',
    request: () => ({ path: '/api/staff/kiosks' }),
    signedOut: 401,
    expected: Object.fromEntries(ROLES.map((r) => [r, ['inspector', 'admin'].includes(r) ? { own: 200, other: 200 } : { own: 403, other: 403 }])) as Endpoint['expected'],
  },
  ...intakeEndpoints(),
  // Notifications: the officers told about items (their unit's; the inspectorate every unit's), each their own.
  {
    route: 'GET /api/staff/notifications',
    request: () => ({ path: '/api/staff/notifications' }),
    signedOut: 401,
    expected: handlers({ own: 200, other: 200 }, 403),
  },
  {
    route: 'POST /api/staff/notifications/read',
    request: () => ({ path: '/api/staff/notifications/read', body: { all: true } }),
    signedOut: 401,
    expected: handlers({ own: 200, other: 200 }, 403),
  },
  {
    route: 'GET /api/staff/admin/mail',
    request: () => ({ path: '/api/staff/admin/mail' }),
    signedOut: 401,
    expected: onlyAdmin(200),
  },
  {
    route: 'PUT /api/staff/admin/mail/accounts/:id',
    request: async ({ t }) => ({ path: `/api/staff/admin/mail/accounts/${await staffId(t, 'm.target')}`, body: { email: 'm.target@songoaivu.test' } }),
    signedOut: 401,
    expected: onlyAdmin(200),
  },
]

/** A number per call, so that rows creating things create a new one each time. */
let made = 0
const staffId = async (t: TestApp, username: string) => (await t.sql('SELECT id FROM staff WHERE username = ?', username))[0]!.id as number

/** Administration (/api/staff/admin): administrators only; each request succeeds when repeated. */
function adminEndpoints(): Endpoint[] {
  const admin = (route: string, request: Endpoint['request'], status = 200): Endpoint => ({ route, request, signedOut: 401, expected: onlyAdmin(status) })
  const A = '/api/staff/admin'
  const unitLs = { name: { vi: 'Phòng Lãnh sự và Người Việt Nam ở nước ngoài', en: 'Consular and Overseas Vietnamese Office' }, isInspectorate: false }
  const { version: _version, ...draft } = QUICK_V1
  return [
    admin(`GET ${A}/catalog`, () => ({ path: `${A}/catalog` })),
    admin(`POST ${A}/catalog/:kind`, () => ({ path: `${A}/catalog/units`, body: { code: `M-${++made}`, ...unitLs } }), 201),
    admin(`PUT ${A}/catalog/:kind/:code`, () => ({ path: `${A}/catalog/units/LS`, body: unitLs })),
    admin(`POST ${A}/catalog/:kind/:code/deactivate`, () => ({ path: `${A}/catalog/procedures/HNHT-QT/deactivate` })),
    admin(`POST ${A}/catalog/:kind/:code/reactivate`, () => ({ path: `${A}/catalog/procedures/HNHT-QT/reactivate` })),
    admin(`POST ${A}/catalog/procedures/import`, () => ({
      path: `${A}/catalog/procedures/import?dryRun=true`,
      csv: 'code,national_code,name_vi,name_en,unit_code,time_limit_days\nM-P,,Thủ tục,Procedure,LS,1\n',
    })),
    admin(`GET ${A}/questionnaires`, () => ({ path: `${A}/questionnaires` })),
    admin(`GET ${A}/questionnaires/:key/versions/:version`, () => ({ path: `${A}/questionnaires/quick/versions/1` })),
    admin(`POST ${A}/questionnaires`, () => ({ path: `${A}/questionnaires`, body: { ...draft, key: 'matrix' } }), 201),
    admin(`POST ${A}/questionnaires/:key/versions/:version/activate`, () => ({ path: `${A}/questionnaires/quick/versions/1/activate` })),
    admin(`GET ${A}/accounts`, () => ({ path: `${A}/accounts` })),
    admin(`POST ${A}/accounts`, () => ({ path: `${A}/accounts`, body: { username: `m.new${++made}`, role: 'leadership', password: 'a long enough passphrase' } }), 201),
    admin(`PATCH ${A}/accounts/:id`, async ({ t }) => ({ path: `${A}/accounts/${await staffId(t, 'm.target')}`, body: { displayName: 'Tài khoản thử' } })),
    admin(`POST ${A}/accounts/:id/password`, async ({ t }) => ({ path: `${A}/accounts/${await staffId(t, 'm.target')}/password`, body: { password: 'a long enough passphrase' } })),
    admin(`POST ${A}/accounts/:id/deactivate`, async ({ t }) => ({ path: `${A}/accounts/${await staffId(t, 'm.target')}/deactivate` })),
    admin(`POST ${A}/accounts/:id/reactivate`, async ({ t }) => ({ path: `${A}/accounts/${await staffId(t, 'm.target')}/reactivate` })),
    // m.target has no second factor to reset: past the guard, the administrator hears so.
    admin(`POST ${A}/accounts/:id/second-factor/reset`, async ({ t }) => ({ path: `${A}/accounts/${await staffId(t, 'm.target')}/second-factor/reset` }), 409),
    admin(`GET ${A}/audit`, () => ({ path: `${A}/audit?entity=unit&limit=5` })),
    admin(`GET ${A}/open311-keys`, () => ({ path: `${A}/open311-keys` })),
    admin(`POST ${A}/open311-keys`, () => ({ path: `${A}/open311-keys`, body: { name: `Matrix ${++made}` } }), 201),
    // Revoking a revoked key answers it as it is: the row can repeat.
    admin(`POST ${A}/open311-keys/:id/revoke`, async ({ t }) => ({ path: `${A}/open311-keys/${await open311KeyId(t)}/revoke` })),
    admin(`GET ${A}/webhooks`, () => ({ path: `${A}/webhooks` })),
    admin(`POST ${A}/webhooks`, () => ({ path: `${A}/webhooks`, body: webhookBody() }), 201),
    admin(`PATCH ${A}/webhooks/:id`, async ({ t }) => ({ path: `${A}/webhooks/${await webhookId(t)}`, body: { name: 'Cổng LGSP' } })),
    // Each deletion takes a hook of its own, so that the others' rows keep theirs.
    admin(`DELETE ${A}/webhooks/:id`, async ({ t }) => ({ path: `${A}/webhooks/${await webhookId(t, true)}` }), 204),
    admin(`GET ${A}/webhooks/:id/deliveries`, async ({ t }) => ({ path: `${A}/webhooks/${await webhookId(t)}/deliveries` })),
    // No delivery of that id: past the guard, the administrator hears so.
    admin(`POST ${A}/webhooks/:id/deliveries/:delivery/resend`, async ({ t }) => ({ path: `${A}/webhooks/${await webhookId(t)}/deliveries/${'0'.repeat(32)}/resend` }), 404),
    admin(`GET ${A}/kiosks`, () => ({ path: `${A}/kiosks` })),
    admin(`POST ${A}/kiosks`, () => ({ path: `${A}/kiosks`, body: { counter: 'HCC-01', name: `Matrix ${++made}` } }), 201),
    // Revoking a revoked device answers it as it is: the row can repeat.
    admin(`POST ${A}/kiosks/:id/revoke`, async ({ t }) => ({ path: `${A}/kiosks/${await kioskDeviceId(t)}/revoke` })),
  ]
}

/** A public https address (an IP literal: nothing to resolve), as the webhook rules want one by default. */
const webhookBody = () => ({ name: `Matrix ${++made}`, url: 'https://93.184.216.34/hailong', events: ['feedback.filed'] })

/** Made by the administrator of the matrix, outside the cases: one shared, or a new one when `fresh`. */
async function adminMade(t: TestApp, path: string, body: unknown): Promise<number> {
  const res = await staffRequest(t.app, 'POST', path, await signIn(t.app, 'm.admin'), { body })
  if (res.status !== 201) throw new Error(`${path}: ${res.status}`)
  const answer = (await res.json()) as { id?: number; info?: { id: number } }
  return answer.id ?? answer.info!.id
}
let sharedWebhook: number | undefined
async function webhookId(t: TestApp, fresh = false): Promise<number> {
  if (fresh) return adminMade(t, '/api/staff/admin/webhooks', webhookBody())
  return (sharedWebhook ??= await adminMade(t, '/api/staff/admin/webhooks', webhookBody()))
}
let sharedKey: number | undefined
async function open311KeyId(t: TestApp): Promise<number> {
  return (sharedKey ??= await adminMade(t, '/api/staff/admin/open311-keys', { name: 'Matrix key' }))
}

let sharedKiosk: number | undefined
async function kioskDeviceId(t: TestApp): Promise<number> {
  return (sharedKiosk ??= await adminMade(t, '/api/staff/admin/kiosks', { counter: 'HCC-01', name: 'Matrix kiosk' }))
}

/** One feedback item (with a photo) per unit a case may target, by unit code. */
const ITEMS: Record<string, string> = {}
/** What each of them says, and the local day they came in (staff-feedback-fixtures' MONDAY_0800). */
const DESCRIPTION = (unit: string) => `Hồ sơ ở phòng ${unit} bị trễ hẹn mà không ai báo trước.`
const SEEDED_DAY = '2026-03-02'

/** Routes that answer without a session, and so are outside the matrix. */
const PUBLIC_ROUTES = new Set(['POST /api/auth/sign-in'])

let t: TestApp
beforeAll(async () => {
  // A fresh sign-in per case: more of them than the per-minute limit on sign-ins allows.
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  for (const c of CALLERS) await addStaff(t, { username: c.username, role: c.role, unitCode: c.unitCode })
  // The account the administration rows change (reset, deactivate), so that no caller loses its own.
  await addStaff(t, { username: 'm.target', role: 'unit_staff', unitCode: 'HTQT' })
  for (const unit of ['LS', 'HTQT', 'VP-TT']) ITEMS[unit] = (await seedItem(t, { unitCode: unit, photos: 1, description: DESCRIPTION(unit) })).id
})
afterAll(() => t.close())

async function send(endpoint: Endpoint, ctx: Case, session: Session | undefined) {
  const [method] = endpoint.route.split(' ') as [string]
  const { path, body, csv } = await endpoint.request(ctx)
  if (csv !== undefined) {
    const headers: Record<string, string> = { 'content-type': 'text/csv' }
    if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrfToken })
    return t.app.request(`http://localhost${path}`, { method, headers, body: csv })
  }
  return staffRequest(t.app, method, path, session, { body })
}

async function expectErrorShape(res: Response) {
  expect(await res.json()).toEqual({ error: { code: expect.any(String), message: expect.any(String), path: expect.any(String) } })
}

describe('authorization matrix', () => {
  it('covers every staff endpoint the app has', () => {
    const routes = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && ['/api/staff/', '/api/auth/', '/api/stats/'].some((prefix) => r.path.startsWith(prefix)))
        .map((r) => `${r.method} ${r.path}`)
        .filter((r) => !PUBLIC_ROUTES.has(r)),
    )
    expect([...routes].sort()).toEqual(ENDPOINTS.map((e) => e.route).sort())
  })

  for (const endpoint of ENDPOINTS) {
    describe(endpoint.route, () => {
      it(`signed out → ${endpoint.signedOut}`, async () => {
        const ctx = { t, caller: CALLERS[0]!, unit: 'LS' }
        const res = await send(endpoint, ctx, undefined)
        expect(res.status).toBe(endpoint.signedOut)
        if (res.status >= 400) await expectErrorShape(res)
      })

      for (const caller of CALLERS) {
        for (const scope of ['own', 'other'] as const) {
          const status = endpoint.expected[caller.role][scope]
          it(`${caller.role}, ${scope} unit → ${status}`, async () => {
            const ctx = { t, caller, unit: targetUnit(caller, scope) }
            // A fresh session each case: some rows (sign-out) end the session they use.
            const session = await signIn(t.app, caller.username)
            const res = await send(endpoint, ctx, session)
            expect(res.status).toBe(status)
            if (status >= 400) await expectErrorShape(res)
            else if (endpoint.check) await endpoint.check(res, ctx)
          })
        }
      }
    })
  }
})

/**
 * Paper and phone intake (issue 16): the officers who receive citizens, unit roles for their own unit's
 * counters (another unit's entries are not found), the inspectorate for every counter; leadership and
 * administrators 403.
 */
function intakeEndpoints(): Endpoint[] {
  const I = '/api/staff/intake'
  return [
    { route: `GET ${I}/paper`, request: () => ({ path: `${I}/paper` }), signedOut: 401, expected: intake(200, 200) },
    { route: `POST ${I}/paper`, request: ({ unit }) => ({ path: `${I}/paper`, body: paperOf(unit) }), signedOut: 401, expected: intake(201, 403) },
    {
      route: `POST ${I}/paper/:id/check`,
      request: async (ctx) => ({ path: `${I}/paper/${await pendingEntry(ctx.t, ctx.unit)}/check`, body: paperOf(ctx.unit) }),
      signedOut: 401,
      expected: intake(200, 404),
    },
    {
      route: `POST ${I}/paper/:id/discard`,
      request: async (ctx) => ({ path: `${I}/paper/${await pendingEntry(ctx.t, ctx.unit)}/discard` }),
      signedOut: 401,
      expected: intake(204, 404),
    },
    {
      route: `POST ${I}/feedback`,
      request: () => ({
        path: `${I}/feedback`,
        body: {
          channel: 'phone',
          receivedDay: today(),
          item: { id: uuidv7(), trackingCode: generateTrackingCode(), category: 'fees', description: 'Công dân gọi điện hỏi về lệ phí.', wantsAnswer: false, lang: 'vi' },
        },
      }),
      signedOut: 401,
      expected: intake(201, 201),
    },
    {
      route: `GET ${I}/form`,
      request: () => ({ path: `${I}/form?counter=HCC-01&origin=${encodeURIComponent('https://hailong.example.gov.vn')}` }),
      signedOut: 401,
      expected: intake(200, 200),
    },
  ]
}

/** `own` and `other` for unit roles, `own` for the inspectorate everywhere, 403 for leadership and administrators. */
function intake(own: Status, other: Status): Endpoint['expected'] {
  return { ...handlers({ own, other }, 403), inspector: { own, other: own } }
}

/** A paper quick form of the counter of `unit` (the demo catalog has one counter per unit a case may target). */
const paperOf = (unit: string) => ({
  counter: ({ LS: 'HCC-01', HTQT: 'HCC-02', 'VP-TT': 'SNV-TN' } as Record<string, string>)[unit],
  questionnaire: 'quick',
  paperDay: addDays(today(), -1),
  answers: { overall: 'satisfied' },
})

let keyer: Promise<number> | undefined
/** A pending entry of `unit`'s counter, keyed by an officer who is none of the callers. */
async function pendingEntry(app: TestApp, unit: string): Promise<number> {
  keyer ??= addStaff(app, { username: 'm.keyer', role: 'inspector', unitCode: 'VP-TT' }).then((account) => account.id)
  const form = paperOf(unit)
  const quick = (await app.store.catalog()).questionnaires.find((q) => q.key === 'quick')!
  const entry = await app.store.intake.addPaperEntry({
    responseId: uuidv7(),
    counterCode: form.counter!,
    unitCode: unit,
    questionnaireKey: 'quick',
    questionnaireVersion: quick.version,
    dossier: null,
    paperDay: form.paperDay,
    form: JSON.stringify({ ...form, lang: 'vi' }),
    keyedBy: await keyer,
    keyedAt: Date.now(),
  })
  return entry!.id
}
