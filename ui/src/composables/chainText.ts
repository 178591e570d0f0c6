// What a request chain's end and gaps say, as sentences (core decides both; this only words them).
import type { ChainGap, RequestChain } from '@/api'

type Translate = (key: string, params?: Record<string, unknown>) => string

export function chainEndText(chain: RequestChain, t: Translate): string {
  const end = chain.end
  if (end.kind === 'gave_up') return t('incident.chain.gaveUp')
  const c = chain.candidates[end.position]
  const params = { provider: c?.provider_name ?? c?.provider_id ?? '?', candidate: c?.candidate_index, retry: c?.retry_index }
  return end.kind === 'succeeded' ? t('incident.chain.succeeded', params) : t('incident.chain.inFlight', params)
}

export function gapText(gap: ChainGap, t: Translate): string {
  switch (gap.kind) {
    case 'missing_candidates':
      return t('incident.chain.missingCandidates', { list: gap.candidate_indexes.join(', ') })
    case 'missing_retries':
      return t('incident.chain.missingRetries', { list: gap.retry_indexes.join(', '), candidate: gap.candidate_index })
    case 'provider_not_in_database':
      return t('incident.chain.providerNotInDatabase', { list: gap.provider_ids.join(', ') })
    case 'snapshot_window':
      return t('incident.chain.snapshotWindow', { window: gap.since_window })
    case 'snapshot_providers':
      return t('incident.chain.snapshotProviders', { list: gap.provider_ids.join(', ') })
  }
}
