import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import HealthStrip from './HealthStrip.vue'
import { bucket, outcomes, withI18n } from '@/test/fixtures'
import type { Locale } from '@/i18n'
import { useTimeZone } from '@/composables/timeZone'

enableAutoUnmount(afterEach)
// Times in UTC, so the expected clock times do not depend on the machine's zone.
const { zone } = useTimeZone()
beforeEach(() => (zone.value = 'utc'))
afterEach(() => (zone.value = 'local'))
const strip = (buckets = [bucket()], locale: Locale = 'en') =>
  mount(HealthStrip, { props: { buckets, label: 'Timeline of CLAUDE' }, attachTo: document.body, ...withI18n(locale) })

const busy = () =>
  bucket({
    total: 3614,
    success: 3595,
    failed: 12,
    skipped: 6,
    other: 1,
    success_rate: 3595 / 3607,
    latency_p50_ms: 60652,
    level: 'good',
    top_error_types: [
      { error_type: 'rate_limit', count: 2 },
      { error_type: 'timeout', count: 1 },
    ],
  })

const three = () =>
  ['08:00', '08:06', '08:12'].map((m, i) => bucket({ start: `2026-11-26T${m}:00Z`, end: `2026-11-26T${m}:59Z`, total: i + 1, success: i + 1, success_rate: 1, level: 'good' }))

describe('HealthStrip', () => {
  it('opens a bucket by a click on its cell, or Enter / Space on the focused one', async () => {
    const w = strip(three())
    const cells = w.findAll('[data-testid="strip-cell"]')
    expect(cells[0].attributes('role')).toBe('button')
    await cells[1].trigger('click')
    ;(cells[0].element as HTMLElement).focus()
    await cells[0].trigger('focus')
    await w.get('[data-testid="health-strip"]').trigger('keydown', { key: 'Enter' })
    await w.get('[data-testid="health-strip"]').trigger('keydown', { key: ' ' })
    expect(w.emitted('open')?.map(([b, i]) => [(b as { start: string }).start, i])).toEqual([
      ['2026-11-26T08:06:00Z', 1],
      ['2026-11-26T08:00:00Z', 0],
      ['2026-11-26T08:00:00Z', 0],
    ])
  })

  it('draws one cell per bucket in the colour core gives it', () => {
    const levels = ['empty', 'good', 'warn', 'bad', 'neutral'] as const
    const w = strip(levels.map((level, i) => bucket({ start: `2026-11-26T08:0${i}:00Z`, total: i, level })))
    expect(w.findAll('[data-testid="strip-cell"]').map((c) => c.attributes('data-level'))).toEqual([...levels])
    expect(w.findAll('.cell-empty')).toHaveLength(1)
  })

  it('shows the time range, success rate, counts, latency and top errors on hover', async () => {
    const w = strip([busy()])
    expect(w.find('[data-testid="strip-tooltip"]').exists()).toBe(false)
    await w.get('[data-testid="strip-cell"]').trigger('mouseenter')
    const text = w.get('[data-testid="strip-tooltip"]').text()
    expect(text).toMatch(/\d{1,2}:\d{2}.*–.*\d{1,2}:\d{2}/)
    expect(text).toContain('success rate 99.7% (3,595 of 3,607: success / (success + provider errors))')
    expect(text).not.toContain('client error')
    expect(text).toContain('success 3,595 · failed 12 · skipped 6 · other 1')
    expect(text).toContain('latency p50 60.7 s')
    expect(text).toContain('top errors: rate_limit ×2, timeout ×1')
    await w.trigger('mouseleave')
    expect(w.find('[data-testid="strip-tooltip"]').exists()).toBe(false)
  })

  it('shows the success rate and units in Chinese too', async () => {
    const w = strip([busy()], 'zh')
    await w.get('[data-testid="strip-cell"]').trigger('mouseenter')
    const text = w.get('[data-testid="strip-tooltip"]').text()
    expect(text).toContain('成功率 99.7%（成功 3,595 次 / 成功与提供商错误共 3,607 次）')
    expect(text).toContain('延迟 p50 60.7 s')
  })

  it('says when nothing finished, so no rate exists', async () => {
    const w = strip([bucket({ total: 2, skipped: 2, level: 'neutral' })])
    await w.get('[data-testid="strip-cell"]').trigger('mouseenter')
    expect(w.get('[data-testid="strip-tooltip"]').text()).toContain('no success and no provider error (success rate n/a)')
  })

  it.each<[Locale, string, string]>([
    ['en', 'success rate 90% (9 of 10: success / (success + provider errors))', '3 client errors (400) not counted'],
    ['zh', '成功率 90%（成功 9 次 / 成功与提供商错误共 10 次）', '3 次客户端错误（400）不计入'],
  ])('counts a client’s 400s apart, outside the rate (%s)', async (locale, rate, client) => {
    const b = bucket({ total: 13, success: 9, failed: 4, success_rate: 0.9, level: 'warn', outcomes: outcomes({ success: 9, service_error: 1, user_error: 3 }) })
    const w = strip([b], locale)
    await w.get('[data-testid="strip-cell"]').trigger('mouseenter')
    const text = w.get('[data-testid="strip-tooltip"]').text()
    expect(text).toContain(rate)
    expect(text).toContain(client)
  })

  it('says an empty bucket has no events', async () => {
    const w = strip([bucket({ total: 0 })])
    await w.get('[data-testid="strip-cell"]').trigger('mouseenter')
    const text = w.get('[data-testid="strip-tooltip"]').text()
    expect(text).toContain('No events')
    expect(text).not.toContain('latency')
  })

  it('labels every cell for screen readers with the same text, outside any role="img" container', () => {
    const w = strip([bucket({ total: 3, success: 3, success_rate: 1, latency_p50_ms: 100 })])
    const cell = w.get('[data-testid="strip-cell"]')
    expect(cell.attributes('aria-label')).toContain('latency p50 100 ms')
    expect(cell.attributes('aria-label')).toContain('success rate 100%')
    expect(w.get('[data-testid="health-strip"]').attributes('role')).toBe('group')
  })

  it('is one Tab stop: only the newest cell is tabbable, arrows move focus and the tooltip follows', async () => {
    const w = strip(three())
    const cells = () => w.findAll('[data-testid="strip-cell"]')
    expect(cells().map((c) => c.attributes('tabindex'))).toEqual(['-1', '-1', '0'])
    ;(cells()[2].element as HTMLElement).focus()
    await cells()[2].trigger('focus')
    expect(w.get('[data-testid="strip-tooltip"]').text()).toContain('08:12')
    await cells()[2].trigger('keydown', { key: 'ArrowLeft' })
    expect(document.activeElement).toBe(cells()[1].element)
    await cells()[1].trigger('focus')
    expect(cells().map((c) => c.attributes('tabindex'))).toEqual(['-1', '0', '-1'])
    expect(w.get('[data-testid="strip-tooltip"]').text()).toContain('08:06')
    await cells()[1].trigger('keydown', { key: 'Home' })
    expect(document.activeElement).toBe(cells()[0].element)
    await cells()[0].trigger('keydown', { key: 'ArrowLeft' })
    expect(document.activeElement).toBe(cells()[0].element)
    await cells()[0].trigger('keydown', { key: 'End' })
    expect(document.activeElement).toBe(cells()[2].element)
    await cells()[2].trigger('keydown', { key: 'Escape' })
    expect(w.find('[data-testid="strip-tooltip"]').exists()).toBe(false)
  })

  it('keeps the tooltip inside the strip: left-aligned in the first half, right-aligned in the second', async () => {
    const w = strip(three())
    const cells = w.findAll('[data-testid="strip-cell"]')
    await cells[0].trigger('mouseenter')
    expect(w.get('[data-testid="strip-tooltip"]').attributes('style')).toContain('left: 0%')
    await cells[2].trigger('mouseenter')
    expect(w.get('[data-testid="strip-tooltip"]').attributes('style')).toContain('right: 0%')
  })
})
