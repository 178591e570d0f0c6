import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import FleetView from './FleetView.vue'
import { fleetEndpoint, fleetFigures, fleetFormat, fleetHealth, fleetStrip, memoryRouter, outcomes, withApp } from '@/test/fixtures'
import { FLEET_RULES, LIMITS, type FleetHealth, type FleetQuery } from '@/api'
import { stripsPage, withoutStrips } from '@/dev/mockFleet'
import type { Locale } from '@/i18n'
import { SEARCH_DEBOUNCE_MS } from '@/composables/useFleetHealth'
import { SETTLE_MS as STRIPS_SETTLE_MS } from '@/composables/useFleetStrips'

afterEach(() => {
  clearMocks()
  vi.useRealTimers()
})
enableAutoUnmount(afterEach)

// Returned worst first by core's rule; the view must keep this order and these ranks (it never
// sorts: a name or attempts order would put these rows differently).
const ENDPOINTS = [
  fleetEndpoint({
    rank: 1,
    provider_id: 'p2',
    provider_name: 'Zeta Relay',
    endpoint_id: 'e3',
    api_format: 'gemini:generate_content',
    figures: fleetFigures({ attempts: 48, outcomes: outcomes({ success: 17, service_error: 30, user_error: 1 }), failed: 31, success_rate: 17 / 47, rate_counts: true, latency_p50_ms: 820, latency_p95_ms: 30_652, level: 'bad' }),
    strip: fleetStrip([[10, 0, 0], [2, 30, 1], [5, 0, 0]]),
  }),
  fleetEndpoint({
    rank: 2,
    provider_id: 'p1',
    provider_name: 'Anthropic Main',
    endpoint_id: 'e1',
    api_format: 'claude:messages',
    figures: fleetFigures({ attempts: 127, outcomes: outcomes({ success: 120, service_error: 4, user_error: 3 }), failed: 7, success_rate: 120 / 124, rate_counts: true, latency_p50_ms: 700, latency_p95_ms: 2900, level: 'good' }),
    strip: fleetStrip([[40, 0, 3], [40, 4, 0], [40, 0, 0]]),
  }),
  fleetEndpoint({ rank: 3, provider_id: 'p1', provider_name: 'Anthropic Main', endpoint_id: 'e2', api_format: 'openai:chat', is_active: false }),
]
const FLEET = fleetHealth({
  formats: [
    fleetFormat({
      api_format: 'claude:messages',
      figures: ENDPOINTS[1].figures,
      keys_cannot_serve: { total: 2, inactive: 1, expired: 1, oauth_invalid: 0, circuit_open: 0, not_recorded: ['circuit_open'] },
      strip: ENDPOINTS[1].strip!,
      worst_ranks: [2, 2, 2],
    }),
    fleetFormat({ api_format: 'gemini:generate_content', figures: ENDPOINTS[0].figures, unhealthy_endpoints: 1, strip: ENDPOINTS[0].strip!, worst_ranks: [1, 1, 1] }),
    fleetFormat({ api_format: 'openai:chat' }),
  ],
  endpoints: ENDPOINTS,
  total: fleetFigures({ attempts: 175, outcomes: outcomes({ success: 137, service_error: 34, user_error: 4 }), success_rate: 137 / 171, level: 'warn' }),
})

function backend(answer: () => unknown = () => FLEET) {
  const queries: FleetQuery[] = []
  const exports: { query: FleetQuery; format: string; path: string }[] = []
  const cancels: number[] = []
  const strips: number[] = []
  mockIPC((cmd, raw) => {
    const args = raw as Record<string, unknown>
    if (cmd === 'get_fleet_health') {
      queries.push(args.query as FleetQuery)
      // As the app answers: the rows without their strips, which the list asks for.
      const fleet = answer()
      return fleet instanceof Promise ? fleet : withoutStrips(fleet as FleetHealth)
    }
    if (cmd === 'get_fleet_strips') {
      strips.push(args.firstRank as number)
      return stripsPage(answer() as FleetHealth, args.firstRank as number, args.count as number)
    }
    if (cmd === 'cancel_health_monitor') {
      cancels.push(1)
      return null
    }
    if (cmd === 'plugin:dialog|save') return '/tmp/fleet.csv'
    if (cmd === 'export_fleet_file') {
      exports.push({ query: args.query as FleetQuery, format: args.format as string, path: args.path as string })
      return null
    }
    throw { kind: 'Database', message: `unexpected ${cmd}` }
  })
  return { queries, exports, cancels, strips }
}

async function view(locale: Locale = 'en', path = '/fleet?lookback=24') {
  const router = memoryRouter(path)
  await router.isReady()
  const w = mount(FleetView, { props: { defaultAsOf: '2026-11-26T10:00:00Z' }, attachTo: document.body, ...withApp(locale, router) })
  await flushPromises()
  // The list asks for its rows' strips once it has stopped moving (none with fake timers).
  if (!vi.isFakeTimers()) await new Promise((r) => setTimeout(r, STRIPS_SETTLE_MS + 10))
  await flushPromises()
  return { w, router }
}

const rowIds = (w: Awaited<ReturnType<typeof view>>['w']) => w.findAll('[data-testid="fleet-row"]').map((r) => [r.attributes('data-rank'), r.attributes('data-endpoint-id')])

describe('the fleet view', () => {
  it.each<[Locale, string, string, string]>([
    ['en', '3 endpoints, worst first', 'Zeta Relay', '2 keys cannot serve'],
    ['zh', '3 个端点，从差到好', 'Zeta Relay', '2 个密钥无法服务'],
  ])('lists the endpoints ranked as returned, with their figures (%s)', async (locale, count, worst, keys) => {
    backend()
    const { w } = await view(locale)
    expect(w.get('[data-testid="fleet-count"]').text()).toBe(count)
    expect(rowIds(w)).toEqual([
      ['1', 'e3'],
      ['2', 'e1'],
      ['3', 'e2'],
    ])
    const first = w.findAll('[data-testid="fleet-row"]')[0]
    expect(first.get('[data-testid="fleet-provider"]').text()).toBe(worst)
    expect(first.get('[data-testid="fleet-rate"]').text()).toBe('36.2%')
    expect(first.get('[data-testid="fleet-service-errors"]').text()).toBe('30')
    const strip = first.get('[data-testid="health-strip"]')
    await strip.trigger('keydown', { key: 'Home' })
    await strip.trigger('keydown', { key: 'ArrowRight' })
    expect(strip.attributes('data-active-level')).toBe('bad')
    expect(strip.attributes('aria-valuenow')).toBe('2')
    expect(strip.attributes('aria-valuetext')).toContain(locale === 'en' ? 'Success rate 6.3%; Attempts 33; Client errors (400) 1' : '成功率 6.3%; 尝试 33; 客户端错误（400） 1')
    expect(w.findAll('[data-testid="fleet-row"]')[2].get('[data-testid="fleet-rate"]').text()).toBe('—')
    const claude = w.get('[data-testid="fleet-format-row"][data-format="claude:messages"]')
    expect(claude.get('[data-testid="format-keys"]').text()).toBe(keys)
    expect(claude.get('[data-testid="format-keys-not-recorded"]').text()).toContain(locale === 'en' ? 'circuit open: not recorded in this database' : '熔断：此数据库未记录')
    expect(w.get('[data-format="gemini:generate_content"] [data-testid="format-unhealthy"]').classes()).toContain('text-bad')
  })

  it('asks for the strips of the rows it shows, from the answer shown, and draws each when it comes', async () => {
    let release: (() => void) | null = null
    const asked: { query: FleetQuery; firstRank: number; count: number }[] = []
    mockIPC((cmd, raw) => {
      const args = raw as { query: FleetQuery; firstRank: number; count: number }
      if (cmd === 'get_fleet_health') return withoutStrips(FLEET)
      if (cmd !== 'get_fleet_strips') throw { kind: 'Database', message: `unexpected ${cmd}` }
      asked.push(args)
      return new Promise((resolve) => (release = () => resolve(stripsPage(FLEET, args.firstRank, args.count))))
    })
    const { w } = await view()
    const drawn = () => w.findAll('[data-testid="fleet-row"]').map((r) => (r.find('[data-testid="health-strip"]').exists() ? 'strip' : r.find('[data-testid="fleet-strip-pending"]').exists() ? 'pending' : '?'))
    expect(drawn()).toEqual(['pending', 'pending', 'pending'])
    expect(asked).toEqual([{ query: expect.objectContaining({ as_of: FLEET.generated_at, lookback_hours: 24 }), firstRank: 1, count: LIMITS.fleet_strip_page.default }])
    release!()
    await flushPromises()
    expect(drawn()).toEqual(['strip', 'strip', 'strip'])
  })

  it.each<[Locale, string]>([
    ['en', `at least ${FLEET_RULES.min_finished_for_rate} finished attempts`],
    ['zh', `不少于 ${FLEET_RULES.min_finished_for_rate} 次`],
  ])('states the ranking rule with core’s minimum (%s)', async (locale, text) => {
    backend()
    const { w } = await view(locale)
    expect(w.get('[data-testid="fleet-rule"]').text()).toContain(text)
    expect(w.find('[data-testid="health-legend"]').exists()).toBe(true)
  })

  it('puts the URL’s window and filters into the query, and a changed filter back into the URL', async () => {
    const { queries } = backend()
    const { w, router } = await view('en', '/fleet?lookback=24&buckets=120&formats=claude:messages,openai:chat&active=inactive&traffic=1&search=relay')
    expect(queries).toEqual([
      { lookback_hours: 24, as_of: null, buckets: 120, filters: { api_formats: ['claude:messages', 'openai:chat'], active: false, with_traffic_only: true, provider_search: 'relay' } },
    ])
    await w.get('[data-testid="fleet-active"]').setValue('active')
    await w.get('[data-testid="fleet-format"][data-format="openai:chat"]').setValue(false)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ lookback: '24', buckets: '120', formats: 'claude:messages', active: 'active', traffic: '1', search: 'relay' })
    expect(queries.at(-1)?.filters).toEqual({ api_formats: ['claude:messages'], active: true, with_traffic_only: true, provider_search: 'relay' })
    await w.get('[data-testid="control-lookback"]').setValue('72')
    await flushPromises()
    expect(queries.at(-1)?.lookback_hours).toBe(72)
  })

  it('asks for a provider search once typing pauses', async () => {
    const { queries } = backend()
    const { w } = await view()
    vi.useFakeTimers()
    const input = w.get('[data-testid="fleet-search"]')
    await input.setValue('ze')
    await input.setValue('zeta')
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 50)
    expect(queries).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(100)
    await flushPromises()
    expect(queries).toHaveLength(2)
    expect(queries[1].filters?.provider_search).toBe('zeta')
  })

  it('opens a row’s bucket: that endpoint, that bucket, the window kept and its as-of pinned', async () => {
    backend()
    const { w, router } = await view()
    const row = w.findAll('[data-testid="fleet-row"]')[1]
    const strip = row.get('[data-testid="health-strip"]')
    await strip.trigger('keydown', { key: 'Home' })
    await strip.trigger('keydown', { key: 'ArrowRight' })
    await strip.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('events')
    expect(router.currentRoute.value.params.id).toBe('p1')
    expect(router.currentRoute.value.query).toEqual({ lookback: '24', asOf: '2026-11-26T10:00:00Z', bucket: '1', endpoint: 'e1' })
  })

  it('opens, from a format’s cell, the bucket of its endpoint with the most provider errors there', async () => {
    backend()
    const { w, router } = await view()
    const gemini = w.get('[data-testid="fleet-format-row"][data-format="gemini:generate_content"]')
    const cell = gemini.findAll('[data-testid="strip-cell"]')[1]
    expect(cell.attributes('aria-label')).toContain('Zeta Relay')
    ;(cell.element as HTMLElement).focus()
    await cell.trigger('focus')
    await gemini.get('[data-testid="health-strip"]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(router.currentRoute.value.params.id).toBe('p2')
    expect(router.currentRoute.value.query).toMatchObject({ bucket: '1', endpoint: 'e3' })
  })

  it('links a provider to its detail, keeping the window', async () => {
    backend()
    const { w, router } = await view()
    const link = w.findAll('[data-testid="fleet-provider"]')[0]
    expect(link.attributes('href')).toContain('/provider/p2?lookback=24')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('provider')
    expect(router.currentRoute.value.query).toEqual({ lookback: '24' })
  })

  it('exports what is shown through the save dialog: the query with its as-of pinned', async () => {
    const { exports } = backend()
    const { w } = await view('en', '/fleet?lookback=24&formats=claude:messages')
    await w.get('[data-testid="list-export-csv"]').trigger('click')
    await flushPromises()
    expect(exports).toEqual([
      {
        query: { lookback_hours: 24, as_of: '2026-11-26T10:00:00Z', buckets: 60, filters: { api_formats: ['claude:messages'], active: null, with_traffic_only: false, provider_search: null } },
        format: 'csv',
        path: '/tmp/fleet.csv',
      },
    ])
    expect(w.get('[data-testid="list-export-done"]').attributes('data-path')).toBe('/tmp/fleet.csv')
  })

  it('shows the elapsed time of a slow request and cancels it', async () => {
    vi.useFakeTimers()
    const { cancels } = backend(() => new Promise(() => {}))
    const { w } = await view()
    expect(w.find('[data-testid="fleet-working"]').exists()).toBe(false)
    await vi.advanceTimersByTimeAsync(700)
    expect(w.get('[data-testid="fleet-working"]').text()).toMatch(/0\.[5-9] s|0\.7/)
    await w.get('[data-testid="fleet-cancel"]').trigger('click')
    await flushPromises()
    expect(cancels).toHaveLength(1)
  })

  it.each<[Locale, string]>([
    ['en', 'No endpoint matches these filters.'],
    ['zh', '没有端点符合这些筛选条件。'],
  ])('says when no endpoint passes the filters, and clears them (%s)', async (locale, text) => {
    const { queries } = backend(() => fleetHealth({ formats: [], endpoints: [] }))
    const { w, router } = await view(locale, '/fleet?search=nobody')
    expect(w.get('[data-testid="fleet-empty"]').text()).toContain(text)
    await w.get('[data-testid="fleet-clear-filters"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({})
    await new Promise((r) => setTimeout(r, SEARCH_DEBOUNCE_MS + 50))
    await flushPromises()
    expect(queries.at(-1)?.filters?.provider_search).toBeNull()
  })
})
