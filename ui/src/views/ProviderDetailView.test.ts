import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import ProviderDetailView from './ProviderDetailView.vue'
import { bucket, memoryRouter, outcomes, windowStats, withApp } from '@/test/fixtures'
import type { HealthQuery } from '@/api'
import type { Locale } from '@/i18n'

afterEach(() => clearMocks())
enableAutoUnmount(afterEach)

const timeline = [0, 1, 2].map((i) => bucket({ start: `2026-11-26T08:0${i * 2}:00Z`, end: `2026-11-26T08:0${i * 2 + 2}:00Z`, total: 3, failed: 1, success: 2, success_rate: 2 / 3, level: 'bad' }))
const window = windowStats({ total: 9, outcomes: outcomes({ success: 6, service_error: 2, user_error: 1 }), success_rate: 6 / 8, latency_p50_ms: 10, latency_p95_ms: 10, latency_max_ms: 10, level: 'bad' })
const endpoint = (id: string, format: string) => ({
  endpoint_id: id, api_format: format, is_active: true, total_attempts: 0, success_count: 0, failed_count: 0, skipped_count: 0, success_rate: 1,
  sample_level: 'good' as const, last_event_at: null, events: [], window, timeline,
})

function backend() {
  const queries: HealthQuery[] = []
  mockIPC((cmd, raw) => {
    const args = raw as Record<string, unknown>
    if (cmd === 'get_provider_health_monitor') {
      queries.push(args.query as HealthQuery)
      return { provider_id: 'p1', provider_name: 'P', generated_at: '2026-11-26T10:00:00Z', since: '2026-11-25T10:00:00Z', lookback_hours: 24, per_endpoint_limit: 48, endpoints: [endpoint('e1', 'CLAUDE'), endpoint('e2', 'OPENAI')], window, timeline, generation: 'legacy' }
    }
    if (cmd === 'get_provider_keys') return { provider_id: 'p1', as_of: null, keys: [], columns_recorded: [], total: 0, generation: 'legacy' }
    if (cmd === 'change_log_saves') return []
    throw { kind: 'Database', message: `unexpected ${cmd}` }
  })
  return queries
}

async function detail(path: string, locale: Locale = 'en') {
  const router = memoryRouter(path)
  await router.isReady()
  const w = mount(ProviderDetailView, { props: { providerId: 'p1', now: new Date('2026-11-26T10:00:00Z'), defaultAsOf: '2026-11-26T10:00:00Z' }, attachTo: document.body, ...withApp(locale, router) })
  await flushPromises()
  return { w, router }
}

describe('the provider detail as a route', () => {
  it('shows the URL’s window, and a changed control goes back into the URL', async () => {
    const queries = backend()
    const { w, router } = await detail('/provider/p1?lookback=24&buckets=120')
    expect(queries[0]).toMatchObject({ lookback_hours: 24, buckets: 120, as_of: null })
    await w.get('[data-testid="control-lookback"]').setValue('72')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ lookback: '72', buckets: '120' })
    expect(queries.at(-1)).toMatchObject({ lookback_hours: 72, buckets: 120 })
  })

  it('opens a cell’s bucket: of its endpoint, or of all endpoints, at the as-of shown', async () => {
    backend()
    const { w, router } = await detail('/provider/p1?lookback=24')
    const rows = w.findAll('[data-testid="endpoint-row"]')
    await rows[1].findAll('[data-testid="strip-cell"]')[2].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('events')
    expect(router.currentRoute.value.query).toEqual({ lookback: '24', asOf: '2026-11-26T10:00:00Z', bucket: '2', endpoint: 'e2' })
    router.back()
    await flushPromises()
    await new Promise((r) => setTimeout(r, 10))
    const all = w.get('[data-testid="provider-rollup"]').findAll('[data-testid="strip-cell"]')
    ;(all[0].element as HTMLElement).focus()
    await all[0].trigger('focus')
    await w.get('[data-testid="provider-rollup"] [data-testid="health-strip"]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ lookback: '24', asOf: '2026-11-26T10:00:00Z', bucket: '0' })
  })

  it.each<[Locale, string, string, string]>([
    ['en', '75%', 'provider error 2', 'client error 1'],
    ['zh', '75%', '提供商错误 2', '客户端错误 1'],
  ])('shows the window’s outcome classes beside the rate, client errors apart (%s)', async (locale, rate, service, client) => {
    backend()
    const { w } = await detail('/provider/p1', locale)
    const rollup = w.get('[data-testid="provider-rollup"]')
    expect(rollup.text()).toContain(rate)
    const figures = rollup.get('[data-testid="outcome-figures"]')
    expect(figures.get('[data-outcome="service_error"]').text()).toBe(service)
    expect(figures.get('[data-outcome="user_error"]').text()).toBe(client)
    expect(figures.findAll('li').map((li) => li.attributes('data-outcome'))).toEqual(['success', 'service_error', 'user_error', 'not_attempted', 'in_flight'])
  })

  it('shows a dash, not a rate, when nothing succeeded or failed at the provider', async () => {
    const none = windowStats({ total: 4, outcomes: outcomes({ user_error: 4 }), level: 'neutral' })
    mockIPC((cmd) => {
      if (cmd === 'get_provider_health_monitor')
        return { provider_id: 'p1', provider_name: 'P', generated_at: '2026-11-26T10:00:00Z', since: '2026-11-25T10:00:00Z', lookback_hours: 24, per_endpoint_limit: 48, endpoints: [{ ...endpoint('e1', 'CLAUDE'), window: none }], window: none, timeline, generation: 'legacy' }
      if (cmd === 'get_provider_keys') return { provider_id: 'p1', as_of: null, keys: [], columns_recorded: [], total: 0, generation: 'legacy' }
      return []
    })
    const { w } = await detail('/provider/p1')
    expect(w.get('[data-testid="endpoint-success-rate"]').text()).toBe('—')
  })

  it.each<[Locale, string]>([
    ['en', 'Keys'],
    ['zh', '密钥'],
  ])('lists the provider’s keys (%s)', async (locale, title) => {
    backend()
    const { w } = await detail('/provider/p1', locale)
    expect(w.get('[data-testid="keys-panel"] h3').text()).toContain(title)
  })
})
