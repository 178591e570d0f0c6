import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import KeysPanel from './KeysPanel.vue'
import { withI18n } from '@/test/fixtures'
import type { KeyDetail, ProviderKeys } from '@/api'
import type { Locale } from '@/i18n'

afterEach(() => clearMocks())
enableAutoUnmount(afterEach)

const key = (over: Partial<KeyDetail> = {}): KeyDetail => ({
  id: 'k1',
  name: 'team key',
  is_active: true,
  endpoint_id: null,
  api_formats: ['claude:messages'],
  health_score: null,
  formats: [{ api_format: 'claude:messages', health_score: 0.4, consecutive_failures: 3, circuit_open: true, circuit_open_at: null, next_probe_at: null }],
  rpm_limit: 60,
  concurrent_limit: null,
  learned_rpm_limit: 42,
  last_error_at: '2026-11-26T09:00:00Z',
  last_error_message: 'rate limited',
  expires_at: '2026-11-20T00:00:00Z',
  expired: true,
  oauth_invalid_at: null,
  ...over,
})

const KEYS: ProviderKeys = {
  provider_id: 'p1',
  as_of: '2026-11-26T10:00:00Z',
  keys: [key(), key({ id: 'k2', name: null, is_active: false, api_formats: null, formats: [], expired: false, expires_at: null })],
  columns_recorded: ['rpm_limit', 'learned_rpm_limit', 'last_error_at', 'expires_at'],
  total: 2,
  generation: 'rust',
}

async function panel(locale: Locale) {
  const asked: unknown[] = []
  mockIPC((cmd, raw) => {
    if (cmd === 'get_provider_keys') {
      asked.push(raw)
      return KEYS
    }
    throw { kind: 'Database', message: `unexpected ${cmd}` }
  })
  const w = mount(KeysPanel, { props: { providerId: 'p1' }, ...withI18n(locale) })
  await flushPromises()
  return { w, asked }
}

describe('a provider’s keys', () => {
  it.each<[Locale, string, string, string, string]>([
    ['en', '2 keys', 'circuit open', 'expired', 'Not recorded by this database: concurrent_limit.'],
    ['zh', '2 个密钥', '熔断中', '已过期', '此数据库不记录：concurrent_limit。'],
  ])('lists what core returns, leaving out the columns the database lacks (%s)', async (locale, count, circuit, expired, missing) => {
    const { w, asked } = await panel(locale)
    expect(asked).toEqual([{ providerId: 'p1' }])
    expect(w.get('[data-testid="keys-count"]').text()).toBe(count)
    const rows = w.findAll('[data-testid="key-row"]')
    expect(rows.map((r) => r.attributes('data-active'))).toEqual(['true', 'false'])
    expect(rows[0].get('[data-testid="key-format-health"]').attributes('data-circuit-open')).toBe('true')
    expect(rows[0].text()).toContain(circuit)
    expect(rows[0].get('[data-testid="key-expires"]').text()).toContain(expired)
    expect(rows[1].get('[data-testid="key-formats"]').text()).toBe(locale === 'en' ? 'every format' : '所有格式')
    expect(w.findAll('th')).toHaveLength(8)
    expect(w.get('[data-testid="keys-not-recorded"]').text()).toBe(missing)
  })
})
