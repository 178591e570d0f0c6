import { describe, expect, it } from 'vitest'
import { defaultFilter, filterProviders, type ProviderFilter } from './providerFilters'
import { gatewayProvider, provider } from '@/test/fixtures'

const list = [
  provider({ id: 'a', name: 'alpha', display_name: 'Zeta Cloud', website: 'https://zeta.example', provider_priority: 5, avg_health_score: 0.9 }),
  provider({ id: 'b', name: 'beta', display_name: null, website: null, provider_priority: 1, is_active: false, avg_health_score: 0.3, unhealthy_endpoints: 2, verdict: 'unhealthy', needs_attention: true, billing_type: 'monthly_quota', monthly_quota_usd: 100, monthly_used_usd: 95 }),
  provider({ id: 'c', name: 'gamma', display_name: 'Alpha Relay', website: 'https://relay.example', provider_priority: 5, avg_health_score: 0.6, billing_type: 'monthly_quota', monthly_quota_usd: 100, monthly_used_usd: 20 }),
  provider({ id: 'd', name: 'delta', display_name: 'Delta', provider_priority: null, billing_type: 'free_tier' }),
]
const ids = (over: Partial<ProviderFilter>) => filterProviders(list, { ...defaultFilter(), ...over }).map((p) => p.id)

describe('filterProviders', () => {
  it('searches name, display name and website, case-insensitively', () => {
    expect(ids({ search: 'ALPHA' })).toEqual(['a', 'c'])
    expect(ids({ search: 'relay.example' })).toEqual(['c'])
    expect(ids({ search: 'bet' })).toEqual(['b'])
    expect(ids({ search: 'nothing-like-this' })).toEqual([])
  })

  it('filters by active state, billing type and the providers core says need attention', () => {
    expect(ids({ status: 'inactive' })).toEqual(['b'])
    expect(ids({ status: 'active' })).toEqual(['a', 'c', 'd'])
    expect(ids({ billing: 'monthly_quota' })).toEqual(['b', 'c'])
    expect(ids({ unhealthyOnly: true })).toEqual(['b'])
  })

  it('sorts by priority keeping the backend order for ties and putting no priority last', () => {
    expect(ids({ sort: 'priority' })).toEqual(['b', 'a', 'c', 'd'])
  })

  it('sorts by display name, falling back to the name', () => {
    expect(ids({ sort: 'name' })).toEqual(['c', 'b', 'd', 'a'])
  })

  it('sorts by health worst first and by quota used most first', () => {
    expect(ids({ sort: 'health' })).toEqual(['b', 'c', 'a', 'd'])
    expect(ids({ sort: 'quota' })).toEqual(['b', 'c', 'a', 'd'])
  })

  it('searches and sorts Rust gateway providers by their name', () => {
    const gateway = [gatewayProvider({ id: 'x', name: 'Zed Relay' }), gatewayProvider({ id: 'y', name: 'Anthropic Direct', website: null })]
    expect(filterProviders(gateway, { ...defaultFilter(), sort: 'name' }).map((p) => p.id)).toEqual(['y', 'x'])
    expect(filterProviders(gateway, { ...defaultFilter(), search: 'zed' }).map((p) => p.id)).toEqual(['x'])
  })

  it('filters 1,000 providers quickly', () => {
    const many = Array.from({ length: 1000 }, (_, i) => provider({ id: `p${i}`, name: `provider-${i}`, provider_priority: i % 7 }))
    const t0 = performance.now()
    const out = filterProviders(many, { ...defaultFilter(), search: 'provider-9', sort: 'name' })
    expect(out).toHaveLength(111)
    expect(performance.now() - t0).toBeLessThan(100)
  })
})
