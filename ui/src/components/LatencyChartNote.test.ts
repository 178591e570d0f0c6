import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import LatencyChart from './LatencyChart.vue'
import { PERCENTILE_ACCURACY } from '@/bindings'
import { withI18n } from '@/test/fixtures'
import type { ProviderHealthMonitor } from '@/api'

// A DOM-less environment has no canvas to draw on; the chart itself is checked in the real app.
vi.mock('uplot', () => ({ default: class { destroy() {} setSize() {} } }))

enableAutoUnmount(afterEach)

const window = { total: 10, by_status: {}, success_rate: 1, latency_p50_ms: 820, latency_p95_ms: 60652, latency_max_ms: 60652, status_codes: [], top_error_types: [], level: 'good' }
const timeline = [{ start: '2026-11-20T11:00:00Z', end: '2026-11-20T12:00:00Z', latency_p50_ms: 820 }]
const monitor = {
  endpoints: [{ endpoint_id: 'e1', api_format: 'CLAUDE', window, timeline }],
  window,
  timeline,
} as unknown as ProviderHealthMonitor

describe('LatencyChart', () => {
  it.each([
    ['en', 'within 1 % of the exact nearest-rank latency, plus at most 0.5 ms'],
    ['zh', '相差不超过 1%，另加至多 0.5 毫秒'],
  ] as const)('states core’s percentile accuracy where p50 and p95 are shown (%s)', (locale, text) => {
    const w = mount(LatencyChart, { ...withI18n(locale), props: { monitor } })
    expect(w.get('[data-testid="latency-p50"]').attributes('title')).toContain(text)
    expect(PERCENTILE_ACCURACY).toEqual({ relative_error: 0.01, rounding_ms: 0.5 })
  })
})
