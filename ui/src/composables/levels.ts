// Quota and RPM colours. Health colours and verdicts are decided in core and arrive with the
// data (`level`, `health_level`, `verdict`); components only map a level to a class.
import type { ProviderSummary } from '@/api'

export type Level = 'good' | 'warn' | 'bad'

export interface QuotaState {
  used: number
  quota: number
  /** used / quota, may exceed 1. */
  ratio: number
  level: Level
  expired: boolean
}

/** Quota use for monthly_quota providers with a quota; null otherwise. */
export function quotaState(p: ProviderSummary, now: Date): QuotaState | null {
  if (p.billing_type !== 'monthly_quota' || p.monthly_quota_usd == null) return null
  const used = p.monthly_used_usd ?? 0
  const quota = p.monthly_quota_usd
  const ratio = quota > 0 ? used / quota : used > 0 ? Infinity : 0
  const level: Level = ratio >= 0.9 ? 'bad' : ratio >= 0.7 ? 'warn' : 'good'
  const expired = p.quota_expires_at != null && Date.parse(p.quota_expires_at) <= now.getTime()
  return { used, quota, ratio, level, expired }
}

export type RpmState =
  | { kind: 'unlimited'; used: number }
  | { kind: 'blocked'; used: number }
  | { kind: 'limited'; used: number; limit: number; level: Level }

/** Null for a generation without provider RPM (v0.3 / rust keep limits on keys). */
export function rpmState(p: ProviderSummary): RpmState | null {
  if (p.rpm_limit === undefined) return null
  const used = p.rpm_used ?? 0
  if (p.rpm_limit == null) return { kind: 'unlimited', used }
  if (p.rpm_limit === 0) return { kind: 'blocked', used }
  const ratio = used / p.rpm_limit
  const level: Level = ratio >= 0.9 ? 'bad' : ratio >= 0.7 ? 'warn' : 'good'
  return { kind: 'limited', used, limit: p.rpm_limit, level }
}

