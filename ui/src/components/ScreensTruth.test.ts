// What the screens say must be true: the quota reset, a read-only session, a save's confirmation,
// the grouped change log, the open dialog after a failure, the first launch — in both languages.
import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { emit } from '@tauri-apps/api/event'
import App from '@/App.vue'
import ProviderCard from './ProviderCard.vue'
import ProviderSettings from './ProviderSettings.vue'
import ChangeLogPanel from './ChangeLogPanel.vue'
import OpenDatabaseDialog from './OpenDatabaseDialog.vue'
import { database, gatewayProvider, provider, withApp, withI18n } from '@/test/fixtures'
import { useDatabase } from '@/composables/useDatabase'
import { useSaveNotice } from '@/composables/saveNotice'
import { useTimeZone } from '@/composables/timeZone'
import type { DatabaseInfo, ProviderSummary, QuotaReset, RecentDatabase, Save } from '@/api'

afterEach(async () => {
  await useDatabase().stop()
  clearMocks()
  useDatabase().info.value = null
  useDatabase().error.value = null
  useSaveNotice().dismiss()
})
enableAutoUnmount(afterEach)

const NOW = new Date('2026-11-26T10:00:00Z')
const RESET: QuotaReset = { at: '2026-11-30T00:00:00Z', days_left: 4, overdue: false }
const monthly = (over: Partial<ProviderSummary> = {}) =>
  gatewayProvider({
    billing_type: 'monthly_quota',
    monthly_quota_usd: 200,
    monthly_used_usd: 50,
    quota_reset_day: 7,
    quota_last_reset_at: '2026-11-23T00:00:00Z',
    next_quota_reset: RESET,
    ...over,
  })

describe('the next quota reset, as core computed it', () => {
  it.each<['en' | 'zh', QuotaReset, string]>([
    ['en', RESET, 'resets in 4 days, on'],
    ['zh', RESET, '4 天后重置，于'],
    ['en', { ...RESET, days_left: 1 }, 'resets within 1 day, on'],
    ['en', { ...RESET, days_left: 0, overdue: true }, 'reset due since'],
    ['zh', { ...RESET, days_left: 0, overdue: true }, '已到重置时间'],
  ])('the card says it (%s, %o)', (locale, reset, text) => {
    const w = mount(ProviderCard, { props: { provider: monthly({ next_quota_reset: reset }), now: NOW }, ...withI18n(locale) })
    const line = w.get('[data-testid="card-quota-reset"]')
    expect(line.text()).toContain(text)
    expect(line.text()).toContain(locale === 'en' ? 'Nov' : '11月')
  })

  it.each<['en' | 'zh', string, string]>([
    ['en', 'Next reset', 'resets in 4 days'],
    ['zh', '下次重置', '4 天后重置'],
  ])('the detail page lists it with the quota period (%s)', (locale, label, text) => {
    const w = mount(ProviderSettings, { props: { provider: monthly() }, ...withI18n(locale) })
    const value = w.get('[data-testid="detail-next_quota_reset"]')
    expect(value.text()).toContain(text)
    expect(w.get('[data-testid="settings-billing"]').text()).toContain(label)
    expect(w.get('[data-testid="detail-quota_reset_day"]').text()).toBe(locale === 'en' ? '7 days' : '7 天')
  })

  it.each<['en' | 'zh', string]>([
    ['en', 'resets in 4 days, on Nov 30, 2026, 00:00:00 UTC'],
    ['zh', '4 天后重置，于 2026年11月30日 UTC 00:00:00'],
  ])('states the zone of its date, the one the times are shown in (%s)', (locale, text) => {
    const { zone } = useTimeZone()
    zone.value = 'utc'
    try {
      const card = mount(ProviderCard, { props: { provider: monthly(), now: NOW }, ...withI18n(locale) })
      expect(card.get('[data-testid="card-quota-reset"]').text()).toBe(text)
      const detail = mount(ProviderSettings, { props: { provider: monthly() }, ...withI18n(locale) })
      expect(detail.get('[data-testid="detail-next_quota_reset"]').text()).toBe(text)
    } finally {
      zone.value = 'local'
    }
  })

  it('is not shown when core gives none (no last reset, other billing)', () => {
    const w = mount(ProviderCard, { props: { provider: monthly({ next_quota_reset: null }), now: NOW }, ...withI18n() })
    expect(w.find('[data-testid="card-quota-reset"]').exists()).toBe(false)
    expect(mount(ProviderSettings, { props: { provider: monthly({ next_quota_reset: null }) }, ...withI18n() }).find('[data-testid="detail-next_quota_reset"]').exists()).toBe(false)
  })
})

function backend(db: DatabaseInfo | null, providers: ProviderSummary[], extra: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = []
  mockIPC(
    (cmd, raw) => {
      const args = (raw ?? {}) as Record<string, unknown>
      calls.push({ cmd, args })
      const answer = extra(cmd, args)
      if (answer !== undefined) return answer
      if (cmd === 'current_database') return db
      if (cmd === 'startup_error') return null
      if (cmd === 'recent_databases') return []
      if (cmd === 'list_provider_summaries') return providers
      if (cmd === 'change_log_saves') return []
      throw { kind: 'Database', message: `unexpected ${cmd}` }
    },
    { shouldMockEvents: true },
  )
  return calls
}

async function app(locale: 'en' | 'zh' = 'en') {
  const w = mount(App, { attachTo: document.body, ...withApp(locale) })
  await flushPromises()
  return w
}

describe('a read-only session looks and acts read-only', () => {
  it.each<['en' | 'zh', string, string]>([
    ['en', 'Read-only: opened read-only as requested.', 'Reopen writable'],
    ['zh', '只读：', '以可写方式重新打开'],
  ])('offers no Edit, says why, and offers to reopen writable (%s)', async (locale, banner, reopen) => {
    const info = database({ read_only: true, read_only_reason: 'requested', can_reopen_writable: true })
    const calls = backend(info, [provider({ id: 'a' })], (cmd) => (cmd === 'reopen_writable' ? database() : undefined))
    const w = await app(locale)
    expect(w.find('[data-testid="card-edit"]').exists()).toBe(false)
    expect(w.get('[data-testid="card-readonly"]').text()).toBe(locale === 'en' ? 'Read-only' : '只读')
    // One word: a narrow card footer must not break it at its hyphen ("Read-" / "only").
    expect(w.get('[data-testid="card-readonly"]').classes()).toContain('nowrap')
    expect(w.get('[data-testid="readonly-banner"]').text()).toContain(banner)
    const button = w.get('[data-testid="reopen-writable"]')
    expect(button.text()).toBe(reopen)
    await button.trigger('click')
    await flushPromises()
    expect(calls.some((c) => c.cmd === 'reopen_writable')).toBe(true)
    expect(w.find('[data-testid="readonly-banner"]').exists()).toBe(false)
    expect(w.find('[data-testid="card-edit"]').exists()).toBe(true)
  })

  it.each(['read_only_location', 'missing_wal'] as const)('does not offer to reopen writable what cannot be written (%s)', async (reason) => {
    backend(database({ read_only: true, read_only_reason: reason, can_reopen_writable: false }), [provider()])
    const w = await app()
    expect(w.get('[data-testid="readonly-banner"]').text()).toContain('Read-only')
    expect(w.find('[data-testid="reopen-writable"]').exists()).toBe(false)
    expect(w.find('[data-testid="card-edit"]').exists()).toBe(false)
  })
})

describe('a save is confirmed visibly', () => {
  it.each<['en' | 'zh', string, string]>([
    ['en', 'Saved Anthropic Main: 2 changes.', 'Saved'],
    ['zh', '已保存 Anthropic Main：2 项更改。', '已保存'],
  ])('the app and the card say "Saved" (%s)', async (locale, notice, badge) => {
    const p = provider({ id: 'a' })
    backend(database(), [p], (cmd, args) =>
      cmd === 'update_provider_settings' ? { ...p, ...(args.patch as object), updated_at: '2026-11-26T10:05:00Z' } : undefined,
    )
    const w = await app(locale)
    expect(w.find('[data-testid="card-saved"]').exists()).toBe(false)
    await w.get('[data-testid="card-edit"]').trigger('click')
    await w.get('[data-testid="field-rpm_limit"]').setValue('0')
    await w.get('[data-testid="field-provider_priority"]').setValue('3')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="save-notice"]').text()).toBe(notice)
    expect(w.get('[data-testid="card-saved"]').text()).toBe(badge)
  })
})

const SAVES: Save[] = [
  {
    save_id: 's1',
    provider_id: 'p1',
    changed_at: '2026-11-26T09:00:00Z',
    previous_updated_at: '2026-11-20T08:00:00Z',
    changes: [
      { field: 'billing_type', old_value: '"monthly_quota"', new_value: '"pay_as_you_go"' },
      { field: 'monthly_quota_usd', old_value: '200.0', new_value: null },
    ],
  },
  {
    save_id: 's2',
    provider_id: 'p1',
    changed_at: '2026-11-26T09:30:00Z',
    previous_updated_at: '2026-11-26T09:00:00Z',
    changes: [{ field: 'request_timeout', old_value: '300.0', new_value: '60.5' }],
  },
]

describe('the change log: one entry per save, values as a person reads them', () => {
  it.each<['en' | 'zh', string[], string[]]>([
    ['en', ['Request timeout: 300 s→60.5 s'], ['Billing type: Monthly quota→Pay as you go', 'Monthly quota (USD): $200.00→—']],
    ['zh', ['请求超时: 300 秒→60.5 秒'], ['计费方式: 月度配额→按量付费', '月度配额（美元）: US$200.00→—']],
  ])('groups the fields of each save, newest first (%s)', async (locale, newest, oldest) => {
    backend(null, [], (cmd) => (cmd === 'change_log_saves' ? SAVES : undefined))
    const w = mount(ChangeLogPanel, { props: { providerId: 'p1', updatedAt: null }, ...withI18n(locale) })
    await flushPromises()
    const saves = w.findAll('[data-testid="change-save"]')
    expect(saves.map((s) => s.attributes('data-fields'))).toEqual(['1', '2'])
    const rows = (i: number) => saves[i].findAll('[data-testid="change-row"]').map((r) => r.text().replace(/\s+/g, ' ').replace(/ ?→ ?/g, '→'))
    expect(rows(0)).toEqual(newest)
    expect(rows(1)).toEqual(oldest)
  })

  it.each<['en' | 'zh', string]>([
    ['en', '—→Nov 23, 2026, 00:00:00 UTC'],
    ['zh', '—→2026年11月23日 UTC 00:00:00'],
  ])('states the zone of a time it shows (%s)', async (locale, text) => {
    const save: Save = { ...SAVES[0], changes: [{ field: 'quota_last_reset_at', old_value: null, new_value: '"2026-11-23T00:00:00Z"' }] }
    backend(null, [], (cmd) => (cmd === 'change_log_saves' ? [save] : undefined))
    const { zone } = useTimeZone()
    zone.value = 'utc'
    try {
      const w = mount(ChangeLogPanel, { props: { providerId: 'p1', updatedAt: null }, ...withI18n(locale) })
      await flushPromises()
      const row = w.get('[data-testid="change-row"]').text().replace(/\s+/g, ' ').replace(/ ?→ ?/g, '→')
      expect(row.endsWith(text), row).toBe(true)
    } finally {
      zone.value = 'local'
    }
  })

  it('exports through the save dialog in the chosen format', async () => {
    const calls = backend(null, [], (cmd) => {
      if (cmd === 'change_log_saves') return SAVES
      if (cmd === 'plugin:dialog|save') return '/tmp/changes.sh'
      if (cmd === 'export_change_log_file') return null
      return undefined
    })
    const w = mount(ChangeLogPanel, { props: { providerId: 'p1', updatedAt: null }, ...withI18n() })
    await flushPromises()
    await w.get('[data-testid="export-script"]').trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.cmd === 'export_change_log_file')?.args).toEqual({ providerId: 'p1', format: 'script', path: '/tmp/changes.sh' })
    expect(w.get('[data-testid="export-done"]').text()).toBe('Exported to /tmp/changes.sh')
  })
})

describe('the open dialog', () => {
  const recent = (location: string): RecentDatabase => ({
    location,
    display_name: location.split('/').pop() ?? location,
    kind: 'sqlite',
    read_only: false,
    last_opened_at: '2026-11-26T09:00:00Z',
  })

  it.each<['en' | 'zh', string]>([
    ['en', 'Still showing /data/demo.db (read-only).'],
    ['zh', '当前仍显示 /data/demo.db（只读）。'],
  ])('after a failed open says which database is still shown (%s)', async (locale, text) => {
    backend(database({ read_only: true, read_only_reason: 'requested' }), [], (cmd) => {
      if (cmd === 'open_database') throw { kind: 'Unreachable', message: '/tmp/notes.db is not a readable SQLite database', cause: 'not_a_database' }
      return undefined
    })
    await useDatabase().start()
    const w = mount(OpenDatabaseDialog, { props: { closable: true }, ...withI18n(locale) })
    await flushPromises()
    await w.get('[data-testid="open-path"]').setValue('/tmp/notes.db')
    await w.get('[data-testid="open-file"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="error-message"]').attributes('data-cause')).toBe('not_a_database')
    expect(w.get('[data-testid="still-shown"]').text()).toBe(text)
  })

  it('tells same-named recent files apart by folder', async () => {
    backend(null, [], (cmd) => (cmd === 'recent_databases' ? ['/a/x/demo.db', '/b/x/demo.db', '/c/other.db'].map(recent) : undefined))
    const w = mount(OpenDatabaseDialog, { props: { closable: true }, ...withI18n() })
    await flushPromises()
    const entries = w.findAll('[data-testid="open-recent"]').map((e) => e.text().replace(/\s+/g, ' '))
    expect(entries).toEqual(['demo.db — in /a/x', 'demo.db — in /b/x', 'other.db'])
  })

  it.each<['en' | 'zh', string]>([
    ['en', 'read-only'],
    ['zh', '只读'],
  ])('labels each read-only choice as one unbroken word beside its checkbox (%s)', async (locale, word) => {
    backend(null, [])
    const w = mount(OpenDatabaseDialog, { props: { closable: true }, ...withI18n(locale) })
    await flushPromises()
    for (const id of ['open-readonly', 'open-url-readonly', 'open-demo-readonly', 'snapshot-readonly']) {
      const label = w.get(`[data-testid="${id}"]`).element.closest('label') as HTMLLabelElement
      expect(label.textContent?.trim(), id).toBe(word)
      expect(label.classList.contains('nowrap'), id).toBe(true)
    }
  })

  it('has a read-only choice with each open action and a password that goes into the URL once', async () => {
    const calls = backend(null, [], (cmd) => (cmd === 'open_database' ? database() : undefined))
    const w = mount(OpenDatabaseDialog, { props: { closable: true }, ...withI18n() })
    await flushPromises()
    for (const id of ['open-readonly', 'open-url-readonly', 'open-demo-readonly', 'snapshot-readonly']) {
      expect(w.find(`[data-testid="${id}"]`).exists(), id).toBe(true)
    }
    await w.get('[data-testid="open-url"]').setValue('postgres://admin@db.example:5432/aether')
    const password = w.get('[data-testid="open-password"]')
    expect(password.attributes('type')).toBe('password')
    await password.setValue('p@ss:w/rd')
    await w.get('[data-testid="open-url-readonly"]').setValue(true)
    await w.get('[data-testid="open-connect"]').trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.cmd === 'open_database')?.args).toEqual({
      location: 'postgres://admin:p%40ss%3Aw%2Frd@db.example:5432/aether',
      readOnly: true,
    })
    expect((w.get('[data-testid="open-password"]').element as HTMLInputElement).value).toBe('')
  })
})

describe('first launch', () => {
  it.each<['en' | 'zh', string]>([
    ['en', 'Preparing the demo snapshot'],
    ['zh', '正在准备演示快照'],
  ])('shows the demo being prepared, not "No database is open" (%s)', async (locale, text) => {
    backend(null, [])
    const w = await app(locale)
    await emit('demo-progress', { stage: 'generating', message: null })
    await flushPromises()
    expect(w.get('[data-testid="demo-generating"]').text()).toContain(text)
    expect(w.get('[data-testid="no-database"]').text()).not.toContain(locale === 'en' ? 'No database is open' : '未打开')
    await emit('demo-progress', { stage: 'failed', message: 'disk full' })
    await flushPromises()
    expect(w.find('[data-testid="demo-generating"]').exists()).toBe(false)
    expect(w.get('[data-testid="demo-failed"]').text()).toContain('disk full')
  })
})

describe('the card with a quota and a reset', () => {
  it('shows the quota bar and the reset, never "No quota set" beside them', () => {
    const w = mount(ProviderCard, { props: { provider: monthly(), now: NOW }, ...withI18n() })
    expect(w.find('[data-testid="quota"]').exists()).toBe(true)
    expect(w.find('[data-testid="card-quota-reset"]').exists()).toBe(true)
    expect(w.find('[data-testid="quota-none"]').exists()).toBe(false)
    const none = mount(ProviderCard, { props: { provider: monthly({ monthly_quota_usd: null, next_quota_reset: null }), now: NOW }, ...withI18n() })
    expect(none.find('[data-testid="quota-none"]').exists()).toBe(true)
  })
})
