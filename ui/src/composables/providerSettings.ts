// What a provider's card and detail page show, per generation: the name an admin sees, RPM where
// the generation keeps it on the provider, and the settings grouped for the detail page. A field
// the open database's generation lacks is absent (undefined) from the summary and never shown.
import type { ProviderSummary, QuotaReset } from '@/api'

/** The name an admin sees: legacy's display_name unless empty, else name; v0.3 / rust: name. */
export function shownName(p: ProviderSummary): string {
  return p.generation === 'legacy' && p.display_name ? p.display_name : p.name
}

/** Legacy's machine name, shown under the display name; the newer generations have none. */
export function machineName(p: ProviderSummary): string | null {
  return p.generation === 'legacy' ? p.name : null
}

export type SettingValue =
  | { kind: 'text'; value: string | null }
  /** An identifier such as `claude_code`: shown as written. */
  | { kind: 'code'; value: string | null }
  | { kind: 'number'; value: number | null }
  | { kind: 'seconds'; value: number | null }
  | { kind: 'days'; value: number | null }
  /** A limit where null means unlimited. */
  | { kind: 'limit'; value: number | null }
  | { kind: 'flag'; value: boolean | null }
  | { kind: 'time'; value: string | null }
  /** The next quota reset, as core computed it. */
  | { kind: 'reset'; value: QuotaReset | null }

export type SettingGroupKey = 'basic' | 'routing' | 'billing'

export interface SettingRow {
  /** The summary field, also the label's key. */
  key: string
  value: SettingValue
}

export interface SettingGroup {
  key: SettingGroupKey
  rows: SettingRow[]
}

type Row = SettingRow | null

/** A row for a field the generation has; null (left out) when it lacks it. */
function row<K extends SettingValue['kind']>(
  key: string,
  kind: K,
  value: Extract<SettingValue, { kind: K }>['value'] | undefined,
): Row {
  return value === undefined ? null : { key, value: { kind, value } as SettingValue }
}

/** The detail page's settings, grouped; empty groups are left out. */
export function settingGroups(p: ProviderSummary): SettingGroup[] {
  const monthly = p.billing_type === 'monthly_quota'
  const groups: [SettingGroupKey, Row[]][] = [
    ['basic', [row('description', 'text', p.description), row('website', 'text', p.website), row('provider_type', 'code', p.provider_type)]],
    [
      'routing',
      [
        row('provider_priority', 'number', p.provider_priority),
        row('max_retries', 'number', p.max_retries),
        row('request_timeout', 'seconds', p.request_timeout),
        row('stream_first_byte_timeout', 'seconds', p.stream_first_byte_timeout),
        row('concurrent_limit', 'limit', p.concurrent_limit),
        row('enable_format_conversion', 'flag', p.enable_format_conversion),
        row('keep_priority_on_conversion', 'flag', p.keep_priority_on_conversion),
      ],
    ],
    [
      'billing',
      monthly
        ? [
            row('quota_reset_day', 'days', p.quota_reset_day),
            row('quota_last_reset_at', 'time', p.quota_last_reset_at),
            p.next_quota_reset ? row('next_quota_reset', 'reset', p.next_quota_reset) : null,
            row('quota_expires_at', 'time', p.quota_expires_at),
          ]
        : [],
    ],
  ]
  return groups
    .map(([key, rows]) => ({ key, rows: rows.filter((r): r is SettingRow => r !== null) }))
    .filter((g) => g.rows.length > 0)
}
