import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import AppHeader from './AppHeader.vue'
import { useDatabase } from '@/composables/useDatabase'
import { database, withI18n } from '@/test/fixtures'
import type { DatabaseInfo } from '@/api'
import type { Locale } from '@/i18n'
import { useTimeZone, ZONE_STORAGE_KEY } from '@/composables/timeZone'

enableAutoUnmount(afterEach)
afterEach(() => (useDatabase().info.value = null))

function header(over: Partial<DatabaseInfo>, locale: Locale = 'en') {
  useDatabase().info.value = database(over)
  return mount(AppHeader, withI18n(locale))
}
const text = (w: ReturnType<typeof header>, id: string) => w.get(`[data-testid="${id}"]`).text().replace(/\s+/g, ' ')

describe('AppHeader', () => {
  it.each<[Partial<DatabaseInfo>, string]>([
    [
      { generation: 'rust', schema_version: '20260821000000 migrate legacy codex live permissions' },
      'Aether Rust gateway · 20260821000000 migrate legacy codex live permissions',
    ],
    [{ generation: 'v0.3', schema_version: 'c3d4e5f6a7b8' }, 'Aether v0.3 · c3d4e5f6a7b8'],
    [{ generation: 'legacy', schema_version: null }, 'Aether ≤ v0.2'],
  ])('names the generation and schema version of %o', (over, shown) => {
    const w = header(over)
    expect(text(w, 'header-generation')).toBe(shown)
    expect(w.get('[data-testid="header-generation"]').attributes('data-generation')).toBe(over.generation)
  })

  it('names the generation in Chinese', () => {
    expect(text(header({ generation: 'rust', schema_version: '20260821000000 x' }, 'zh'), 'header-generation')).toBe('Aether Rust 网关 · 20260821000000 x')
  })

  it('shows no read-only badge or reason for a writable session', () => {
    const w = header({ read_only: false, read_only_reason: null })
    expect(w.find('[data-testid="header-readonly"]').exists()).toBe(false)
    expect(w.find('[data-testid="header-readonly-reason"]').exists()).toBe(false)
  })

  it.each<[DatabaseInfo['read_only_reason'], Locale, string]>([
    ['requested', 'en', 'opened read-only as requested'],
    ['read_only_location', 'en', 'the file or its folder is read-only'],
    ['missing_wal', 'en', 'copied without its -wal file: shows what was checkpointed'],
    ['requested', 'zh', '按要求以只读方式打开'],
    ['read_only_location', 'zh', '文件或其所在文件夹是只读的'],
    ['missing_wal', 'zh', '复制时缺少 -wal 文件：只显示已检查点写入的内容'],
  ])('says why the session is read-only (%s, %s)', (reason, locale, why) => {
    const w = header({ read_only: true, read_only_reason: reason }, locale)
    expect(w.get('[data-testid="header-readonly"]').attributes('data-reason')).toBe(reason)
    expect(text(w, 'header-readonly-reason')).toBe(why)
  })

  it.each<[Locale, string]>([
    ['en', 'UTC'],
    ['zh', 'UTC'],
  ])('labels the as-of time with its zone and switches it to UTC, remembered (%s)', async (locale, utc) => {
    const { zone } = useTimeZone()
    try {
      const w = header({ as_of: '2026-11-26T10:00:00Z' }, locale)
      const select = w.get('[data-testid="zone-switch"]')
      expect((select.element as HTMLSelectElement).value).toBe('local')
      expect(select.findAll('option')[0].text()).toContain(Intl.DateTimeFormat().resolvedOptions().timeZone === 'UTC' ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone)
      await select.setValue('utc')
      expect(zone.value).toBe('utc')
      expect(localStorage.getItem(ZONE_STORAGE_KEY)).toBe('utc')
      const asOf = text(w, 'header-asof')
      expect(asOf).toContain('10:00:00')
      expect(asOf).toContain(utc)
    } finally {
      zone.value = 'local'
    }
  })
})
