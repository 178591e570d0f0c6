// What the latency chart draws, apart from uPlot itself: a log-scale y axis labelled as
// durations, and a legend that states each line's window values without hovering.
import type { ProviderHealthMonitor } from '@/api'
import { formatDuration } from '@/composables/format'
import { formatLabel } from '@/composables/apiFormat'

type Translate = (key: string, params?: Record<string, unknown>) => string

export const SERIES_VARS = ['--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6']

/** A log scale cannot show 0: a measured 0 ms is drawn at 1 ms. */
export function plotLatency(ms: number | null | undefined): number | null {
  return ms == null ? null : Math.max(1, ms)
}

/** The y axis labels: durations (`820 ms`, `60.7 s`) in the UI language. */
export function durationTicks(splits: number[], locale: string): string[] {
  return splits.map((v) => (v == null ? '' : formatDuration(v, locale)))
}

export interface LegendEntry {
  key: string
  colorVar: string
  label: string
  values: string
  dashed: boolean
}

/** One entry per endpoint line (its window p50 and p95), then the provider's p95 reference. */
export function latencyLegend(m: ProviderHealthMonitor, t: Translate, locale: string): LegendEntry[] {
  const d = (ms: number | null) => (ms == null ? t('common.none') : formatDuration(ms, locale))
  const entries: LegendEntry[] = m.endpoints.map((e, i) => ({
    key: e.endpoint_id,
    colorVar: SERIES_VARS[i % SERIES_VARS.length],
    label: `${formatLabel(e.api_format)} ${t('detail.p50')}`,
    values: `${t('health.legendP50', { value: d(e.window.latency_p50_ms) })} · ${t('health.legendP95', { value: d(e.window.latency_p95_ms) })}`,
    dashed: false,
  }))
  if (m.window.latency_p95_ms != null) {
    entries.push({ key: 'p95', colorVar: '--bad', label: t('detail.p95'), values: d(m.window.latency_p95_ms), dashed: true })
  }
  return entries
}
