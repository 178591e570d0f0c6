import { describe, expect, it } from 'vitest'
import { durationTicks, latencyLegend, plotLatency } from './latencyChart'
import { makeI18n } from '@/i18n'
import type { ProviderHealthMonitor, WindowStats } from '@/api'
import { outcomes } from '@/test/fixtures'

const stats = (p50: number | null, p95: number | null): WindowStats => ({
  total: 10,
  by_status: {},
  outcomes: outcomes({ success: 10 }),
  success_rate: 1,
  latency_p50_ms: p50,
  latency_p95_ms: p95,
  latency_max_ms: p95,
  status_codes: [],
  top_error_types: [],
  level: 'good',
})

const monitor = {
  endpoints: [
    { endpoint_id: 'e1', api_format: 'CLAUDE', window: stats(820, 60652) },
    { endpoint_id: 'e2', api_format: 'OPENAI', window: stats(null, null) },
  ],
  window: stats(900, 60652),
} as unknown as ProviderHealthMonitor

describe('latency chart', () => {
  it.each(['en', 'zh'] as const)('labels its log axis with durations (%s)', (locale) => {
    expect(durationTicks([10, 100, 1000, 10000, 100000], locale)).toEqual(['10 ms', '100 ms', '1 s', '10 s', '100 s'])
  })

  it('draws a 0 ms measurement at 1 ms, as a log scale needs, and keeps gaps', () => {
    expect(plotLatency(0)).toBe(1)
    expect(plotLatency(820)).toBe(820)
    expect(plotLatency(null)).toBeNull()
  })

  it.each([
    ['en', 'Claude p50', 'p50 820 ms · p95 60.7 s', 'p95 (window)'],
    ['zh', 'Claude p50', 'p50 820 ms · p95 60.7 s', 'p95（窗口）'],
  ] as const)('states each line’s values in its legend without hovering (%s)', (locale, label, values, p95Label) => {
    const t = makeI18n(locale).global.t as (k: string, p?: Record<string, unknown>) => string
    const legend = latencyLegend(monitor, t, locale)
    expect(legend[0]).toMatchObject({ label, values, dashed: false })
    expect(legend[1].values).toBe('p50 — · p95 —')
    expect(legend[2]).toMatchObject({ key: 'p95', values: '60.7 s', dashed: true })
    expect(legend[2].label).toBe(p95Label)
  })
})
