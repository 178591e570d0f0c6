import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import BucketEventsView from './BucketEventsView.vue'
import { candidate, eventPage, memoryRouter, withApp } from '@/test/fixtures'
import type { EventsQuery } from '@/api'
import type { Locale } from '@/i18n'

afterEach(() => clearMocks())
enableAutoUnmount(afterEach)

const PATH = '/provider/p1/events?lookback=24&bucket=3&endpoint=e1&outcome=service_error'

function backend() {
  const queries: EventsQuery[] = []
  const exports: { format: string; path: string }[] = []
  mockIPC((cmd, raw) => {
    const args = raw as Record<string, unknown>
    if (cmd === 'list_events') {
      const q = args.query as EventsQuery
      queries.push(q)
      if (!q.cursor) return eventPage({ events: [candidate({ id: 'c2', request_id: 'req-2', created_at: '2026-11-26T08:05:00Z' }), candidate()], next_cursor: { created_at: '2026-11-26T08:03:00Z', id: 'c1' } })
      return eventPage({ events: [candidate({ id: 'c0', request_id: 'req-0', created_at: '2026-11-26T08:01:00Z', error_message: '=1+1 '.repeat(40) })] })
    }
    if (cmd === 'plugin:dialog|save') return '/tmp/events.csv'
    if (cmd === 'export_events_file') {
      exports.push({ format: args.format as string, path: args.path as string })
      return null
    }
    throw { kind: 'Database', message: `unexpected ${cmd}` }
  })
  return { queries, exports }
}

async function view(locale: Locale = 'en', path = PATH) {
  const router = memoryRouter(path)
  await router.isReady()
  const w = mount(BucketEventsView, { attachTo: document.body, ...withApp(locale, router) })
  await flushPromises()
  return { w, router }
}

const ids = (w: ReturnType<typeof mount>) => w.findAll('[data-testid="candidate-row"]').map((r) => r.attributes('data-id'))

describe('a bucket’s events', () => {
  it('asks core for exactly the route’s bucket, window, endpoint and filters, then pages by cursor', async () => {
    const { queries } = backend()
    const { w } = await view()
    expect(queries[0]).toMatchObject({
      provider_id: 'p1',
      endpoint_id: 'e1',
      range: { kind: 'bucket', index: 3, lookback_hours: 24, buckets: 60, as_of: null },
      filters: { outcomes: ['service_error'], statuses: [], status_codes: [], error_types: [], message_contains: null },
      cursor: null,
    })
    expect(ids(w)).toEqual(['c2', 'c1'])
    await w.get('[data-testid="events-more"]').trigger('click')
    await flushPromises()
    expect(queries[1].cursor).toEqual({ created_at: '2026-11-26T08:03:00Z', id: 'c1' })
    expect(ids(w)).toEqual(['c2', 'c1', 'c0'])
    expect(w.find('[data-testid="events-more"]').exists()).toBe(false)
  })

  it('puts a filter in the URL and reads the first page again', async () => {
    const { queries } = backend()
    const { w, router } = await view()
    await w.get('[data-testid="events-filter-status"]').setValue('failed')
    await flushPromises()
    expect(router.currentRoute.value.query).toMatchObject({ status: 'failed', outcome: 'service_error', bucket: '3' })
    expect(queries.at(-1)).toMatchObject({ filters: { statuses: ['failed'], outcomes: ['service_error'] }, cursor: null })
    await w.get('[data-testid="events-filter-codes"]').setValue('502, x, 504')
    await w.get('[data-testid="event-filters"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.query.code).toBe('502,504')
    await w.get('[data-testid="events-clear"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ lookback: '24', bucket: '3', endpoint: 'e1' })
  })

  it('follows a request to its chain, keeping the window', async () => {
    backend()
    const { w, router } = await view()
    await w.findAll('[data-testid="candidate-follow"]')[0].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/request/req-2?lookback=24&provider=p1')
  })

  it('exports the same query through the save dialog', async () => {
    const { exports } = backend()
    const { w } = await view()
    await w.get('[data-testid="list-export-csv"]').trigger('click')
    await flushPromises()
    expect(exports).toEqual([{ format: 'csv', path: '/tmp/events.csv' }])
    expect(w.get('[data-testid="list-export-done"]').text()).toBe('Saved /tmp/events.csv')
  })

  it.each<[Locale, string[], string, string]>([
    ['en', ['Outcome', 'Error type', 'Error message', 'Skip reason', 'Key', 'Request', 'Candidate / retry'], 'provider error', 'Load more'],
    ['zh', ['结果类别', '错误类型', '错误信息', '跳过原因', '密钥', '请求', '候选 / 重试'], '提供商错误', '加载更多'],
  ])('speaks %s: columns, outcome and paging', async (locale, columns, outcome, more) => {
    backend()
    const { w } = await view(locale)
    const heads = w.findAll('th').map((h) => h.text())
    for (const c of columns) expect(heads).toContain(c)
    // Times first: created, then finished, each header stating the zone.
    expect(heads[0]).toMatch(/[（(].+[)）]$/)
    expect((w.get('[data-testid="col-created"]').element as HTMLTableCellElement).cellIndex).toBeLessThan((w.get('[data-testid="col-finished"]').element as HTMLTableCellElement).cellIndex)
    expect(w.get('[data-testid="candidate-outcome"]').text()).toBe(outcome)
    expect(w.get('[data-testid="events-more"]').text()).toBe(more)
  })

  it('shows a long error message in full on request', async () => {
    backend()
    const { w } = await view()
    await w.get('[data-testid="events-more"]').trigger('click')
    await flushPromises()
    const last = w.findAll('[data-testid="candidate-row"]').at(-1)!
    expect(last.get('[data-testid="expandable-text"]').text()).toContain('…')
    await last.get('[data-testid="expand-text"]').trigger('click')
    expect(last.get('[data-testid="expand-text"]').attributes('aria-expanded')).toBe('true')
    expect(last.get('[data-testid="expandable-text"] .text').text()).toBe('=1+1 '.repeat(40).trim())
  })
})
