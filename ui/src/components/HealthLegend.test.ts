import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import HealthLegend from './HealthLegend.vue'
import StripAxis from './StripAxis.vue'
import { HEALTH_THRESHOLDS } from '@/bindings'
import { formatPercent } from '@/composables/format'
import { useTimeZone } from '@/composables/timeZone'
import { withI18n } from '@/test/fixtures'
import type { Locale } from '@/i18n'

enableAutoUnmount(afterEach)
const { zone } = useTimeZone()
afterEach(() => (zone.value = 'local'))

describe('HealthLegend', () => {
  it.each<[Locale, string, string]>([
    ['en', 'no traffic', 'only client errors (400), skipped or in flight'],
    ['zh', '无流量', '仅有客户端错误（400）、跳过或进行中的尝试'],
  ])('states every colour with the thresholds core exports (%s)', (locale, empty, neutral) => {
    const w = mount(HealthLegend, withI18n(locale))
    const entry = (level: string) => w.get(`[data-testid="legend-entry"][data-level="${level}"]`).text()
    const pct = (v: number) => formatPercent(v, locale)
    expect(entry('good')).toContain(`≥ ${pct(HEALTH_THRESHOLDS.rate_good_from)}`)
    expect(entry('warn')).toContain(`${pct(HEALTH_THRESHOLDS.rate_bad_below)} – ${pct(HEALTH_THRESHOLDS.rate_good_from)}`)
    expect(entry('bad')).toContain(`< ${pct(HEALTH_THRESHOLDS.rate_bad_below)}`)
    expect(entry('empty')).toBe(empty)
    expect(entry('neutral')).toBe(neutral)
    const score = w.get('[data-testid="legend-score"]').text()
    expect(score).toContain(pct(HEALTH_THRESHOLDS.score_healthy_from))
    expect(score).toContain(pct(HEALTH_THRESHOLDS.score_unhealthy_below))
    // Each swatch is drawn with the strip cells' own class.
    expect(w.findAll('.swatch').map((s) => s.classes().find((c) => c.startsWith('cell-')))).toEqual([
      'cell-good',
      'cell-warn',
      'cell-bad',
      'cell-neutral',
      'cell-empty',
    ])
  })

  it('uses core’s values, not numbers of its own', () => {
    expect(HEALTH_THRESHOLDS).toEqual({ score_healthy_from: 0.8, score_unhealthy_below: 0.5, rate_good_from: 0.95, rate_bad_below: 0.8 })
  })
})

describe('StripAxis', () => {
  it.each<[Locale, RegExp]>([
    ['en', /Times in UTC/],
    ['zh', /时间按 UTC/],
  ])('marks start, middle and end of the window in the shown zone (%s)', (locale, label) => {
    zone.value = 'utc'
    const w = mount(StripAxis, { props: { start: '2026-11-26T02:30:00Z', end: '2026-11-26T08:30:00Z' }, ...withI18n(locale) })
    expect(w.get('[data-testid="axis-start"]').text()).toContain('02:30')
    expect(w.get('[data-testid="axis-middle"]').text()).toContain('05:30')
    expect(w.get('[data-testid="axis-end"]').text()).toContain('08:30')
    expect(w.get('[data-testid="axis-zone"]').text()).toMatch(label)
  })

  it('follows the local zone by default and names it', () => {
    const w = mount(StripAxis, { props: { start: '2026-11-26T02:30:00Z', end: '2026-11-26T08:30:00Z' }, ...withI18n('en') })
    expect(w.get('[data-testid="strip-axis"]').attributes('data-zone')).toBe('local')
    const name = Intl.DateTimeFormat().resolvedOptions().timeZone
    const expected = name === 'UTC' || name === 'Etc/UTC' ? 'UTC' : name
    expect(w.get('[data-testid="axis-zone"]').text()).toContain(expected)
  })
})
