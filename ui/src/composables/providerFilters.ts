// Search, filters and sort of the provider list: pure, so 1,000 providers filter in one pass.
import type { BillingType, ProviderSummary } from '@/api'
import { quotaState } from './levels'
import { shownName } from './providerSettings'

export type SortKey = 'priority' | 'name' | 'health' | 'quota'

export interface ProviderFilter {
  search: string
  status: 'all' | 'active' | 'inactive'
  billing: 'all' | BillingType
  unhealthyOnly: boolean
  sort: SortKey
}

export const defaultFilter = (): ProviderFilter => ({
  search: '',
  status: 'all',
  billing: 'all',
  unhealthyOnly: false,
  sort: 'priority',
})

export const isFiltered = (f: ProviderFilter) =>
  f.search.trim() !== '' || f.status !== 'all' || f.billing !== 'all' || f.unhealthyOnly

function matches(p: ProviderSummary, f: ProviderFilter, needle: string): boolean {
  if (f.status === 'active' && !p.is_active) return false
  if (f.status === 'inactive' && p.is_active) return false
  if (f.billing !== 'all' && p.billing_type !== f.billing) return false
  if (f.unhealthyOnly && !p.needs_attention) return false
  if (!needle) return true
  return [p.name, p.display_name, p.website].some((s) => s != null && s.toLowerCase().includes(needle))
}

/** -1 for providers without a quota so they sort after every provider that has one. */
function quotaRatio(p: ProviderSummary, now: Date): number {
  return quotaState(p, now)?.ratio ?? -1
}

export function filterProviders(list: ProviderSummary[], f: ProviderFilter, now: Date = new Date()): ProviderSummary[] {
  const needle = f.search.trim().toLowerCase()
  const out = list.filter((p) => matches(p, f, needle))
  // The backend's order (priority, created_at, id) is the tie-break for every sort: sort is stable.
  switch (f.sort) {
    case 'priority':
      return out.sort(
        (a, b) => (a.provider_priority ?? Number.MAX_SAFE_INTEGER) - (b.provider_priority ?? Number.MAX_SAFE_INTEGER),
      )
    case 'name':
      return out.sort((a, b) => shownName(a).localeCompare(shownName(b)))
    case 'health':
      return out.sort((a, b) => a.avg_health_score - b.avg_health_score)
    case 'quota':
      return out.sort((a, b) => quotaRatio(b, now) - quotaRatio(a, now))
  }
}
