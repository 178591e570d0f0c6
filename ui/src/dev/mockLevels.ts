// The mock backend's imitation of core's colours and verdicts, so `npm run dev:mock` looks like
// the real app. Dev only: the app itself shows what core returns (core/src/verdict.rs).
import type { EndpointVerdict, Level, ProviderVerdict } from '@/api'

export function scoreLevel(score: number): Level {
  return score >= 0.8 ? 'good' : score >= 0.5 ? 'warn' : 'bad'
}

export function outcomeLevel(total: number, success: number, failed: number): Level {
  if (total === 0) return 'empty'
  if (success + failed === 0) return 'neutral'
  const rate = success / (success + failed)
  return rate >= 0.95 ? 'good' : rate >= 0.8 ? 'warn' : 'bad'
}

export function outcomeRate(success: number, failed: number): number | null {
  return success + failed === 0 ? null : success / (success + failed)
}

export function endpointVerdict(isActive: boolean, activeKeys: number, score: number): EndpointVerdict {
  if (!isActive) return 'inactive'
  if (activeKeys === 0) return 'no_active_key'
  const level = scoreLevel(score)
  return level === 'good' ? 'healthy' : level === 'warn' ? 'degraded' : 'unhealthy'
}

export function providerVerdict(endpoints: EndpointVerdict[]): ProviderVerdict {
  if (endpoints.length === 0) return 'no_endpoints'
  if (!endpoints.some((v) => v !== 'inactive' && v !== 'no_active_key')) return 'cannot_serve'
  const active = endpoints.filter((v) => v !== 'inactive')
  if (active.some((v) => v === 'no_active_key' || v === 'unhealthy')) return 'unhealthy'
  if (active.includes('degraded')) return 'degraded'
  return 'healthy'
}
