import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import MonitorControls from './MonitorControls.vue'
import { withI18n } from '@/test/fixtures'
import { LIMITS } from '@/api'
import { useTimeZone } from '@/composables/timeZone'

function mountControls(perEndpointLimit: number) {
  return mount(MonitorControls, {
    props: { modelValue: { lookbackHours: LIMITS.lookback_hours.default, perEndpointLimit, asOf: null, buckets: LIMITS.buckets.default }, loading: false, defaultAsOf: null },
    ...withI18n('en'),
  })
}

describe('MonitorControls', () => {
  it('offers core’s lookbacks and bounds the per-endpoint limit by core’s table', () => {
    const w = mountControls(LIMITS.per_endpoint_limit.default)
    const hours = w.findAll('[data-testid="control-lookback"] option').map((o) => Number(o.attributes('value')))
    expect(hours).toEqual([...LIMITS.lookback_choices])
    const limit = w.get('[data-testid="control-limit"]')
    expect([Number(limit.attributes('min')), Number(limit.attributes('max'))]).toEqual([LIMITS.per_endpoint_limit.min, LIMITS.per_endpoint_limit.max])
    expect(limit.classes()).not.toContain('invalid')
  })

  it('marks a limit just outside core’s bounds', () => {
    for (const n of [LIMITS.per_endpoint_limit.min - 1, LIMITS.per_endpoint_limit.max + 1]) {
      expect(mountControls(n).get('[data-testid="control-limit"]').classes()).toContain('invalid')
    }
    expect(mountControls(LIMITS.per_endpoint_limit.max).get('[data-testid="control-limit"]').classes()).not.toContain('invalid')
  })

  describe('the as-of time', () => {
    afterEach(() => {
      useTimeZone().zone.value = 'local'
    })
    const mountAsOf = (locale: 'en' | 'zh') => {
      useTimeZone().zone.value = 'utc'
      return mount(MonitorControls, {
        props: { modelValue: { lookbackHours: 6, perEndpointLimit: 48, asOf: null, buckets: 60 }, loading: false, defaultAsOf: '2026-11-20T12:00:00Z' },
        ...withI18n(locale),
      })
    }

    it.each<['en' | 'zh', string]>([
      ['en', 'YYYY-MM-DD hh:mm:ss'],
      ['zh', '年-月-日 时:分:秒'],
    ])('reads the same in both languages, not in the system locale, with a placeholder in the UI language (%s)', (locale, placeholder) => {
      const input = mountAsOf(locale).get('[data-testid="control-asof"]')
      expect((input.element as HTMLInputElement).value).toBe('2026-11-20 12:00:00')
      expect(input.attributes('type')).toBe('text')
      expect(input.attributes('placeholder')).toBe(placeholder)
    })

    it('takes a typed time in the chosen zone', async () => {
      const w = mountAsOf('en')
      await w.get('[data-testid="control-asof"]').setValue('2026-11-20 08:30')
      expect(w.props('modelValue').asOf).toBe('2026-11-20T08:30:00Z')
      expect(w.find('[data-testid="control-asof-error"]').exists()).toBe(false)
    })

    it.each<['en' | 'zh', string]>([
      ['en', 'Write the time as YYYY-MM-DD hh:mm:ss'],
      ['zh', '请按“年-月-日 时:分:秒”填写'],
    ])('keeps what cannot be read, says how to write it, and changes nothing (%s)', async (locale, message) => {
      const w = mountAsOf(locale)
      const input = w.get('[data-testid="control-asof"]')
      await input.setValue('20/11/2026')
      expect(w.props('modelValue').asOf).toBeNull()
      expect((input.element as HTMLInputElement).value).toBe('20/11/2026')
      expect(input.attributes('aria-invalid')).toBe('true')
      expect(w.get('[data-testid="control-asof-error"]').text()).toContain(message)
      await input.setValue('')
      expect(w.find('[data-testid="control-asof-error"]').exists()).toBe(false)
    })
  })
})
