import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import EventsTable from './EventsTable.vue'
import type { EndpointHealthMonitor, HealthEvent } from '@/api'
import { useTimeZone } from '@/composables/timeZone'
import { windowStats, withI18n } from '@/test/fixtures'
import type { Locale } from '@/i18n'

const { zone } = useTimeZone()
beforeEach(() => (zone.value = 'utc'))
afterEach(() => (zone.value = 'local'))

const ev = (created: string, finished: string | null, latency: number | null = 60652): HealthEvent => ({
  timestamp: finished ?? created,
  created_at: created,
  finished_at: finished,
  status: 'success',
  status_code: 200,
  latency_ms: latency,
  error_type: null,
  error_message: null,
})

function endpointWith(events: HealthEvent[]): EndpointHealthMonitor {
  return {
    endpoint_id: 'e1',
    api_format: 'CLAUDE',
    is_active: true,
    total_attempts: events.length,
    success_count: events.length,
    failed_count: 0,
    skipped_count: 0,
    success_rate: 1,
    sample_level: 'good',
    last_event_at: null,
    events,
    window: windowStats(),
    timeline: [],
  }
}

describe('EventsTable', () => {
  it.each<[Locale, string, string]>([
    ['en', 'Created (UTC)', 'Finished (UTC)'],
    ['zh', '创建时间（UTC）', '完成时间（UTC）'],
  ])('shows created_at first and the finish time second, with the zone in the headers (%s)', (locale, created, finished) => {
    // A window ending 08:30:00 holds an event created at 08:29:10 that finished at 08:31:57.
    const w = mount(EventsTable, { props: { endpoints: [endpointWith([ev('2026-11-26T08:29:10Z', '2026-11-26T08:31:57Z')])] }, ...withI18n(locale) })
    expect(w.get('[data-testid="col-created"]').text()).toBe(created)
    expect(w.get('[data-testid="col-finished"]').text()).toBe(finished)
    const cells = w.get('[data-testid="event-row"]').findAll('td')
    expect(cells[0].text()).toContain('08:29:10')
    expect(cells[1].text()).toContain('08:31:57')
    expect(w.get('[data-testid="event-latency"]').text()).toBe('60.7 s')
  })

  it('orders rows by created_at, newest first, and shows — when an event has not finished', () => {
    const w = mount(EventsTable, {
      props: { endpoints: [endpointWith([ev('2026-11-26T08:00:00Z', '2026-11-26T08:40:00Z', 820), ev('2026-11-26T08:10:00Z', null, null)])] },
      ...withI18n('en'),
    })
    const rows = w.findAll('[data-testid="event-row"]')
    expect(rows.map((r) => r.attributes('data-created-at'))).toEqual(['2026-11-26T08:10:00Z', '2026-11-26T08:00:00Z'])
    expect(rows[0].get('[data-testid="event-finished"]').text()).toBe('—')
    expect(rows[1].get('[data-testid="event-latency"]').text()).toBe('820 ms')
  })
})
