import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ProviderSettings from './ProviderSettings.vue'
import { gatewayProvider, provider, withI18n } from '@/test/fixtures'
import type { ProviderSummary } from '@/api'
import type { Locale } from '@/i18n'

const render = (p: ProviderSummary, locale: Locale = 'en') => mount(ProviderSettings, { props: { provider: p }, ...withI18n(locale) })
const rows = (w: ReturnType<typeof render>, group: string) =>
  w.findAll(`[data-testid="settings-${group}"] dd`).map((d) => [d.attributes('data-testid')?.replace('detail-', ''), d.text()])

describe('ProviderSettings', () => {
  it('groups a Rust gateway provider’s settings: basic info, routing with units and unlimited', () => {
    const w = render(gatewayProvider({ concurrent_limit: null, stream_first_byte_timeout: 12.5, website: null }))
    expect(rows(w, 'basic')).toEqual([
      ['description', 'Primary account'],
      ['website', '—'],
      ['provider_type', 'claude_code'],
    ])
    expect(rows(w, 'routing')).toEqual([
      ['provider_priority', '10'],
      ['max_retries', '2'],
      ['request_timeout', '300 s'],
      ['stream_first_byte_timeout', '12.5 s'],
      ['concurrent_limit', 'unlimited'],
      ['enable_format_conversion', 'on'],
      ['keep_priority_on_conversion', 'off'],
    ])
    expect(w.find('[data-testid="settings-billing"]').exists()).toBe(false)
  })

  it('shows a legacy provider only the settings its generation has', () => {
    const w = render(provider())
    expect(rows(w, 'basic').map(([k]) => k)).toEqual(['description', 'website'])
    expect(rows(w, 'routing').map(([k]) => k)).toEqual(['provider_priority'])
    expect(w.text()).not.toContain('unlimited')
  })

  it('shows the quota period in days for monthly quota billing', () => {
    const w = render(gatewayProvider({ billing_type: 'monthly_quota', monthly_quota_usd: 50, quota_reset_day: 30, quota_expires_at: null }))
    expect(rows(w, 'billing')).toEqual([
      ['quota_reset_day', '30 days'],
      ['quota_last_reset_at', '—'],
      ['quota_expires_at', '—'],
    ])
    expect(w.get('[data-testid="settings-billing"] dt').text()).toBe('Quota period')
  })

  it('speaks Chinese', () => {
    const w = render(gatewayProvider({ billing_type: 'monthly_quota', quota_reset_day: 365 }), 'zh')
    expect(w.get('[data-testid="detail-request_timeout"]').text()).toBe('300 秒')
    expect(w.get('[data-testid="detail-concurrent_limit"]').text()).toBe('不限')
    expect(w.get('[data-testid="detail-quota_reset_day"]').text()).toBe('365 天')
    expect(w.get('[data-testid="settings-routing"] h4').text()).toBe('路由')
  })
})
