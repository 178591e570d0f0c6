import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import HealthStrip from './HealthStrip.vue'
import { bucket, withI18n } from '@/test/fixtures'

const strip = (buckets = [bucket()]) => mount(HealthStrip, { props: { buckets, label: 'Timeline of CLAUDE' }, ...withI18n() })

describe('HealthStrip', () => {
  it('draws one cell per bucket in the colour core gives it', () => {
    const levels = ['empty', 'good', 'warn', 'bad', 'neutral'] as const
    const w = strip(levels.map((level, i) => bucket({ start: `2026-11-26T08:0${i}:00Z`, total: i, level })))
    expect(w.findAll('[data-testid="strip-cell"]').map((c) => c.attributes('data-level'))).toEqual([...levels])
    expect(w.findAll('.cell-empty')).toHaveLength(1)
  })

  it('shows the time range, counts, latency and top errors on hover', async () => {
    const w = strip([
      bucket({
        total: 14,
        success: 9,
        failed: 3,
        skipped: 1,
        other: 1,
        latency_p50_ms: 820,
        top_error_types: [
          { error_type: 'rate_limit', count: 2 },
          { error_type: 'timeout', count: 1 },
        ],
      }),
    ])
    expect(w.find('[data-testid="strip-tooltip"]').exists()).toBe(false)
    await w.get('[data-testid="strip-cell"]').trigger('mouseenter')
    const text = w.get('[data-testid="strip-tooltip"]').text()
    expect(text).toMatch(/\d{1,2}:\d{2}.*–.*\d{1,2}:\d{2}/)
    expect(text).toContain('success 9 · failed 3 · skipped 1 · other 1')
    expect(text).toContain('latency p50 820 ms')
    expect(text).toContain('top errors: rate_limit ×2, timeout ×1')
    await w.trigger('mouseleave')
    expect(w.find('[data-testid="strip-tooltip"]').exists()).toBe(false)
  })

  it('says an empty bucket has no events', async () => {
    const w = strip([bucket({ total: 0 })])
    await w.get('[data-testid="strip-cell"]').trigger('mouseenter')
    const text = w.get('[data-testid="strip-tooltip"]').text()
    expect(text).toContain('No events')
    expect(text).not.toContain('latency')
  })

  it('says when a bucket with events has no latency', async () => {
    const w = strip([bucket({ total: 2, skipped: 2 })])
    await w.get('[data-testid="strip-cell"]').trigger('mouseenter')
    expect(w.get('[data-testid="strip-tooltip"]').text()).toContain('no latency')
  })

  it('labels every cell for screen readers with the same text', () => {
    const w = strip([bucket({ total: 3, success: 3, latency_p50_ms: 100 })])
    expect(w.get('[data-testid="strip-cell"]').attributes('aria-label')).toContain('latency p50 100 ms')
  })
})
