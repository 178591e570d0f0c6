import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import MonitorControls from './MonitorControls.vue'
import { withI18n } from '@/test/fixtures'
import { LIMITS } from '@/api'

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
})
