import { describe, expect, it } from 'vitest'
import { defaultFleetFilter, fleetFilterFromQuery, fleetFilterToQuery, toFleetQuery } from './fleetQuery'
import { defaultWindow } from './routeQuery'

describe('the fleet view’s filters in the URL', () => {
  it('round-trips every filter, leaves the defaults out and drops unknown values', () => {
    const f = { formats: ['claude:messages', 'openai:chat'], active: 'inactive' as const, withTrafficOnly: true, search: 'relay' }
    expect(fleetFilterToQuery(f)).toEqual({ formats: 'claude:messages,openai:chat', active: 'inactive', traffic: '1', search: 'relay' })
    expect(fleetFilterFromQuery(fleetFilterToQuery(f))).toEqual(f)
    expect(fleetFilterToQuery(defaultFleetFilter())).toEqual({})
    expect(fleetFilterFromQuery({ active: 'maybe', traffic: 'yes', formats: ',,' })).toEqual(defaultFleetFilter())
  })

  it('becomes core’s query: window and filters, an empty search as none', () => {
    const w = { ...defaultWindow(), lookbackHours: 24, asOf: '2026-11-26T10:00:00Z', buckets: 120 }
    expect(toFleetQuery(w, { formats: ['CLAUDE'], active: 'active', withTrafficOnly: false, search: '  ' })).toEqual({
      lookback_hours: 24,
      as_of: '2026-11-26T10:00:00Z',
      buckets: 120,
      filters: { api_formats: ['CLAUDE'], active: true, with_traffic_only: false, provider_search: null },
    })
  })
})
