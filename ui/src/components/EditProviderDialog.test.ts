import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import EditProviderDialog from './EditProviderDialog.vue'
import { EDITABLE, gatewayProvider, provider, withI18n } from '@/test/fixtures'
import type { FieldRule, ProviderSummary, ReadOnlyReason } from '@/api'
import type { Locale } from '@/i18n'

interface Call {
  cmd: string
  args: Record<string, unknown>
}
let calls: Call[]
let replies: ((args: Record<string, unknown>) => unknown)[]

beforeEach(() => {
  calls = []
  replies = []
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> })
    const reply = replies.shift()
    if (!reply) throw { kind: 'Database', message: 'no reply queued' }
    return reply(args as Record<string, unknown>)
  })
})
afterEach(() => clearMocks())
enableAutoUnmount(afterEach)

/** The backend answering with the patched summary, as the real command does. */
const acceptPatch = (base: ProviderSummary) => (args: Record<string, unknown>) => ({
  ...base,
  ...(args.patch as object),
  updated_at: '2026-11-26T10:00:00Z',
})
const reject = (error: unknown) => () => {
  throw error
}

interface Settings {
  fields: readonly string[]
  rules: readonly FieldRule[]
}

function mountDialog(p: ProviderSummary, settings: Settings, { readOnly = false, reason = null as ReadOnlyReason | null, locale = 'en' as Locale } = {}) {
  return mount(EditProviderDialog, {
    props: { provider: p, readOnly, readOnlyReason: reason, editableFields: settings.fields, fieldRules: settings.rules },
    ...withI18n(locale),
  })
}

/** A legacy provider in a legacy database's dialog. */
function open(over: Partial<ProviderSummary> = {}, readOnly = false) {
  const p = provider(over)
  return { p, w: mountDialog(p, EDITABLE.legacy, { readOnly }) }
}

/** A provider of a v0.3 or Rust gateway database in that database's dialog. */
function openGateway(generation: 'v0.3' | 'rust', over: Partial<ProviderSummary> = {}, locale: Locale = 'en') {
  const p = gatewayProvider({ generation, ...over })
  return { p, w: mountDialog(p, EDITABLE[generation], { locale }) }
}

/** The fields shown, in order. */
const shownFields = (w: VueWrapper) => w.findAll('[data-testid^="field-"]').map((e) => e.attributes('data-testid')!.slice('field-'.length))
const field = (w: VueWrapper, name: string) => w.get(`[data-testid="field-${name}"]`)
const saveButton = (w: VueWrapper) => w.get('[data-testid="edit-save"]')
async function save(w: VueWrapper) {
  await w.get('form').trigger('submit')
  await flushPromises()
}
const press = async (key: string, init: KeyboardEventInit = {}) => {
  window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
  await flushPromises()
}

describe('EditProviderDialog', () => {
  it('sends only the changed fields with the loaded updated_at', async () => {
    const { p, w } = open()
    replies.push(acceptPatch(p))
    await field(w, 'display_name').setValue('  Anthropic Backup ')
    await field(w, 'rpm_limit').setValue('100')
    await save(w)
    expect(calls).toHaveLength(1)
    expect(calls[0].cmd).toBe('update_provider_settings')
    expect(calls[0].args.providerId).toBe('p1')
    expect(calls[0].args.patch).toEqual({ display_name: 'Anthropic Backup', rpm_limit: 100 })
    expect(calls[0].args.expectedUpdatedAt).toBe(p.updated_at)
    const saved = w.emitted('saved')?.[0]?.[0] as ProviderSummary
    expect(saved.display_name).toBe('Anthropic Backup')
    expect(saved.rpm_limit).toBe(100)
  })

  it('sends explicit null for cleared nullable fields', async () => {
    const { p, w } = open({
      billing_type: 'monthly_quota',
      monthly_quota_usd: 50,
      quota_reset_day: 1,
      quota_expires_at: '2027-01-01T00:00:00Z',
    })
    replies.push(acceptPatch(p))
    await field(w, 'website').setValue('')
    await field(w, 'description').setValue('')
    await field(w, 'rpm_limit').setValue('')
    await field(w, 'monthly_quota_usd').setValue('')
    await field(w, 'quota_expires_at').setValue('')
    await save(w)
    expect(calls[0].args.patch).toEqual({
      website: null,
      description: null,
      rpm_limit: null,
      monthly_quota_usd: null,
      quota_expires_at: null,
    })
  })

  it('sends times as RFC 3339 with an offset', async () => {
    const { p, w } = open({ billing_type: 'monthly_quota', monthly_quota_usd: 50 })
    replies.push(acceptPatch(p))
    await field(w, 'quota_last_reset_at').setValue('2026-12-01T00:00:00')
    await save(w)
    const sent = (calls[0].args.patch as Record<string, string>).quota_last_reset_at
    expect(sent).toMatch(/^2026-12-01T00:00:00[+-]\d{2}:\d{2}$/)
    expect(new Date(sent).getTime()).toBe(new Date(2026, 11, 1, 0, 0, 0).getTime())
  })

  it('shows the quota section only for monthly_quota', async () => {
    const { w } = open({ billing_type: 'pay_as_you_go' })
    expect(w.find('[data-testid="quota-section"]').exists()).toBe(false)
    await field(w, 'billing_type').setValue('monthly_quota')
    expect(w.find('[data-testid="quota-section"]').exists()).toBe(true)
  })

  it('keeps Save disabled while nothing changed, and again once the edit is undone', async () => {
    const { w } = open()
    expect(saveButton(w).attributes('disabled')).toBeDefined()
    await field(w, 'provider_priority').setValue('3')
    expect(saveButton(w).attributes('disabled')).toBeUndefined()
    await field(w, 'provider_priority').setValue('10')
    expect(saveButton(w).attributes('disabled')).toBeDefined()
    expect(w.get('[data-testid="edit-status"]').text()).toBe('No changes yet')
  })

  it.each([
    ['display_name', '   ', 'Required.'],
    ['display_name', 'x'.repeat(101), 'At most 100 characters.'],
    ['website', 'ftp://example.com', 'Must be an http:// or https:// URL.'],
    ['website', `https://example.com/${'a'.repeat(490)}`, 'At most 500 characters.'],
    ['provider_priority', '1.5', 'Must be a whole number.'],
    ['provider_priority', '', 'Required.'],
    ['provider_priority', '3000000000', 'Must be between -2147483648 and 2147483647.'],
    ['rpm_limit', '-1', 'Must be at least 0.'],
    ['rpm_limit', '7.5', 'Must be a whole number.'],
  ])('rejects %s = %j next to the field and sends nothing', async (name, value, message) => {
    const { w } = open()
    await field(w, name).setValue(value)
    expect(w.get(`[data-testid="error-${name}"]`).text()).toBe(message)
    expect(saveButton(w).attributes('disabled')).toBeDefined()
    await save(w)
    expect(calls).toHaveLength(0)
  })

  it.each([
    ['monthly_quota_usd', '-5', 'Must be at least 0.'],
    ['monthly_quota_usd', 'ten', 'Must be a number.'],
    ['quota_reset_day', '0', 'Must be between 1 and 31.'],
    ['quota_reset_day', '32', 'Must be between 1 and 31.'],
  ])('rejects quota field %s = %j', async (name, value, message) => {
    const { w } = open({ billing_type: 'monthly_quota', monthly_quota_usd: 10 })
    await field(w, name).setValue(value)
    expect(w.get(`[data-testid="error-${name}"]`).text()).toBe(message)
    expect(saveButton(w).attributes('disabled')).toBeDefined()
  })

  it('puts backend validation errors on their fields until the field changes', async () => {
    const { w } = open()
    replies.push(
      reject({
        kind: 'Validation',
        errors: [
          { field: 'website', code: { id: 'invalid_url' }, message: 'must be an http or https URL with a host' },
          { field: 'weight', code: { id: 'not_editable' }, message: 'is not an editable provider setting' },
        ],
      }),
    )
    await field(w, 'website').setValue('https://10.0.0.1')
    await save(w)
    expect(w.get('[data-testid="error-website"]').text()).toBe('Must be an http:// or https:// URL.')
    expect(w.get('[data-testid="edit-other-errors"]').text()).toContain('weight: This setting cannot be changed here.')
    expect(w.emitted('saved')).toBeUndefined()
    await field(w, 'website').setValue('https://example.org')
    expect(w.find('[data-testid="error-website"]').exists()).toBe(false)
  })

  it('closes at once on Esc when nothing changed', async () => {
    const { w } = open()
    await press('Escape')
    expect(w.emitted('close')).toHaveLength(1)
  })

  it('asks before discarding unsaved changes on Esc or an outside click', async () => {
    const { w } = open()
    await field(w, 'display_name').setValue('Changed')
    await press('Escape')
    expect(w.emitted('close')).toBeUndefined()
    expect(w.find('[data-testid="discard-confirm"]').exists()).toBe(true)
    await w.get('[data-testid="discard-no"]').trigger('click')
    expect(w.find('[data-testid="discard-confirm"]').exists()).toBe(false)
    expect((field(w, 'display_name').element as HTMLInputElement).value).toBe('Changed')

    await w.get('[data-testid="edit-overlay"]').trigger('mousedown')
    expect(w.emitted('close')).toBeUndefined()
    await w.get('[data-testid="discard-yes"]').trigger('click')
    expect(w.emitted('close')).toHaveLength(1)
  })

  it('saves with Ctrl+S and Cmd+S', async () => {
    const { p, w } = open()
    replies.push(acceptPatch(p), acceptPatch(p))
    await field(w, 'provider_priority').setValue('1')
    await press('s', { ctrlKey: true })
    expect(calls).toHaveLength(1)
    expect(calls[0].args.patch).toEqual({ provider_priority: 1 })
    await press('s', { metaKey: true })
    expect(calls).toHaveLength(2)
  })

  it('on Conflict shows the current values and reapplies the edits on top of them', async () => {
    const { p, w } = open()
    const current = provider({
      rpm_limit: 900,
      description: 'changed by a colleague',
      updated_at: '2026-11-26T09:30:00Z',
    })
    replies.push(
      reject({ kind: 'Conflict', current }),
      (args) => ({ ...current, ...(args.patch as object), updated_at: '2026-11-26T10:00:00Z' }),
    )
    await field(w, 'rpm_limit').setValue('100')
    await save(w)

    const panel = w.get('[data-testid="conflict-panel"]')
    const row = panel.get('[data-testid="conflict-row-rpm_limit"]')
    expect(row.text()).toContain('100')
    expect(row.text()).toContain('900')
    expect(w.emitted('refreshed')?.[0]?.[0]).toEqual(current)
    expect(saveButton(w).attributes('disabled')).toBeDefined()

    await w.get('[data-testid="conflict-reapply"]').trigger('click')
    expect(w.find('[data-testid="conflict-panel"]').exists()).toBe(false)
    expect((field(w, 'rpm_limit').element as HTMLInputElement).value).toBe('100')
    expect((field(w, 'description').element as HTMLTextAreaElement).value).toBe('changed by a colleague')

    await save(w)
    expect(calls[1].args.patch).toEqual({ rpm_limit: 100 })
    expect(calls[1].args.expectedUpdatedAt).toBe('2026-11-26T09:30:00Z')
    expect((w.emitted('saved')?.[0]?.[0] as ProviderSummary).rpm_limit).toBe(100)
    expect(p.rpm_limit).toBe(600)
  })

  it('on Conflict can start over from the current values', async () => {
    const { w } = open()
    const current = provider({ rpm_limit: 900, updated_at: '2026-11-26T09:30:00Z' })
    replies.push(reject({ kind: 'Conflict', current }))
    await field(w, 'rpm_limit').setValue('100')
    await save(w)
    await w.get('[data-testid="conflict-start-over"]').trigger('click')
    expect((field(w, 'rpm_limit').element as HTMLInputElement).value).toBe('900')
    expect(saveButton(w).attributes('disabled')).toBeDefined()
  })

  it('turns editing off in read-only mode and says why, offering no save', () => {
    const { w } = open({}, true)
    expect(w.get('[data-testid="edit-readonly"]').text()).toContain('read-only')
    expect(w.get('fieldset').attributes('disabled')).toBeDefined()
    expect(w.find('[data-testid="edit-save"]').exists()).toBe(false)
    // Nothing that speaks of saving: no shortcut, no "No changes yet".
    expect(w.text()).not.toContain('Ctrl/⌘+S')
    expect(w.get('[data-testid="edit-status"]').text()).toBe('')
    expect(w.get('[data-testid="edit-cancel"]').text()).toBe('Close')
  })

  it('shows other backend errors as a sentence', async () => {
    const { w } = open()
    replies.push(reject({ kind: 'ReadOnly' }))
    await field(w, 'provider_priority').setValue('2')
    await save(w)
    expect(w.get('[data-testid="error-message"]').attributes('data-kind')).toBe('ReadOnly')
  })

  it('says why editing is off when the file cannot be written', () => {
    const p = provider()
    const location = mountDialog(p, EDITABLE.legacy, { readOnly: true, reason: 'read_only_location' })
    expect(location.get('[data-testid="edit-readonly"]').text()).toContain('the file or its folder is read-only')
    const wal = mountDialog(p, EDITABLE.legacy, { readOnly: true, reason: 'missing_wal', locale: 'zh' })
    expect(wal.get('[data-testid="edit-readonly"]').text()).toContain('-wal')
  })

  it('shows the legacy fields grouped: basic info, routing, billing and limits', () => {
    const { w } = open()
    expect(w.findAll('legend').map((l) => l.text())).toEqual(['Basic info', 'Routing', 'Billing and limits'])
    expect(shownFields(w)).toEqual(['display_name', 'description', 'website', 'provider_priority', 'is_active', 'billing_type', 'rpm_limit'])
  })

  it('shows a Rust gateway database exactly its editable fields, grouped, with no display name or RPM', async () => {
    const { w } = openGateway('rust')
    expect(shownFields(w)).toEqual([
      'name', 'description', 'website',
      'provider_priority', 'is_active', 'max_retries', 'request_timeout', 'stream_first_byte_timeout', 'concurrent_limit', 'keep_priority_on_conversion', 'enable_format_conversion',
      'billing_type',
    ])
    await field(w, 'billing_type').setValue('monthly_quota')
    expect(w.findAll('legend').map((l) => l.text())).toEqual(['Basic info', 'Routing', 'Billing and limits', 'Monthly quota'])
    expect(shownFields(w).slice(-5)).toEqual(['billing_type', 'monthly_quota_usd', 'quota_reset_day', 'quota_last_reset_at', 'quota_expires_at'])
  })

  it('shows a v0.3 database neither the concurrency limit nor the period start', async () => {
    const { w } = openGateway('v0.3', { billing_type: 'monthly_quota', monthly_quota_usd: 10 })
    expect(shownFields(w)).not.toContain('concurrent_limit')
    expect(shownFields(w)).not.toContain('quota_last_reset_at')
    expect(shownFields(w)).toContain('quota_expires_at')
  })

  it.each<['v0.3' | 'rust', string, string, string | null]>([
    ['rust', 'quota_reset_day', '365', null],
    ['rust', 'quota_reset_day', '366', 'Must be between 1 and 365.'],
    ['v0.3', 'quota_reset_day', '200', 'Must be between 1 and 31.'],
    ['rust', 'max_retries', '999', null],
    ['v0.3', 'max_retries', '11', 'Must be between 0 and 10.'],
    ['rust', 'request_timeout', '1200', null],
    ['v0.3', 'request_timeout', '601', 'Must be between 1 and 600.'],
    ['rust', 'request_timeout', '0.5', 'Must be between 1 and 1200.'],
    ['rust', 'provider_priority', '10001', 'Must be between 0 and 10000.'],
    ['rust', 'concurrent_limit', '-1', 'Must be at least 0.'],
    ['v0.3', 'name', 'x'.repeat(101), 'At most 100 characters.'],
    ['rust', 'name', 'x'.repeat(101), null],
    ['rust', 'name', '  ', 'Required.'],
  ])('checks %s %s = %j against the database’s field rules', async (generation, name, value, message) => {
    const { w } = openGateway(generation, { billing_type: 'monthly_quota', monthly_quota_usd: 10 })
    await field(w, name).setValue(value)
    const error = w.find(`[data-testid="error-${name}"]`)
    if (message == null) expect(error.exists()).toBe(false)
    else expect(error.text()).toBe(message)
  })

  it('shows a field’s bounds from its rule as the hint', () => {
    const { w } = openGateway('rust')
    expect(w.get('#f-max_retries').element.parentElement!.textContent).toContain('From 0 to 999.')
  })

  it('invents no bound for a field the database gave no rule, and leaves its checks to the server', async () => {
    const p = gatewayProvider({ billing_type: 'monthly_quota', monthly_quota_usd: 10, quota_reset_day: 30 })
    const w = mountDialog(p, { fields: ['name', 'quota_reset_day', 'max_retries'], rules: [] })
    replies.push(reject({ kind: 'Validation', errors: [{ field: 'quota_reset_day', code: { id: 'out_of_range', min: 1, max: 365 }, message: 'must be between 1 and 365' }] }))
    await field(w, 'name').setValue('')
    await field(w, 'quota_reset_day').setValue('4000')
    await field(w, 'max_retries').setValue('many')
    expect(w.find('[data-testid="error-name"]').exists()).toBe(false)
    expect(w.find('[data-testid="error-quota_reset_day"]').exists()).toBe(false)
    expect(w.get('[data-testid="error-max_retries"]').text()).toBe('Must be a number.')
    await field(w, 'max_retries').setValue('3')
    await save(w)
    expect(calls[0].args.patch).toEqual({ name: null, quota_reset_day: 4000, max_retries: 3 })
    expect(w.get('[data-testid="error-quota_reset_day"]').text()).toBe('Must be between 1 and 365.')
  })

  it('sends a Rust gateway provider’s changed settings, null for an unlimited concurrency', async () => {
    const { p, w } = openGateway('rust', { concurrent_limit: 4 })
    replies.push(acceptPatch(p))
    await field(w, 'name').setValue(' Anthropic Backup ')
    await field(w, 'max_retries').setValue('3')
    await field(w, 'request_timeout').setValue('90.5')
    await field(w, 'concurrent_limit').setValue('')
    await field(w, 'enable_format_conversion').setValue(false)
    await field(w, 'keep_priority_on_conversion').setValue(true)
    await save(w)
    expect(calls[0].args.patch).toEqual({
      name: 'Anthropic Backup',
      max_retries: 3,
      request_timeout: 90.5,
      concurrent_limit: null,
      enable_format_conversion: false,
      keep_priority_on_conversion: true,
    })
    expect((w.emitted('saved')?.[0]?.[0] as ProviderSummary).name).toBe('Anthropic Backup')
  })

  it('puts a server error on a gateway field', async () => {
    const { w } = openGateway('rust')
    replies.push(reject({ kind: 'Validation', errors: [{ field: 'name', code: { id: 'not_unique' }, message: 'another provider is already named "Taken"; names must be unique' }] }))
    await field(w, 'name').setValue('Taken')
    await save(w)
    expect(w.get('[data-testid="error-name"]').text()).toBe('Another provider already uses this value.')
  })

  it('shows the server’s field errors in Chinese from their codes, never the English message', async () => {
    const { w } = openGateway('rust', {}, 'zh')
    const english = ['another provider is already named "Taken"', 'must be between 0 and 999', 'is not an editable provider setting']
    replies.push(
      reject({
        kind: 'Validation',
        errors: [
          { field: 'max_retries', code: { id: 'out_of_range', min: 0, max: 999 }, message: english[1] },
          { field: 'name', code: { id: 'not_unique' }, message: english[0] },
          { field: 'weight', code: { id: 'not_editable' }, message: english[2] },
        ],
      }),
    )
    await field(w, 'name').setValue('Taken')
    await field(w, 'max_retries').setValue('5')
    await save(w)
    expect(w.get('[data-testid="error-name"]').text()).toBe('已有其他提供商使用此值。')
    expect(w.get('[data-testid="error-max_retries"]').text()).toBe('必须在 0 到 999 之间。')
    expect(w.get('[data-testid="edit-other-errors"]').text()).toContain('weight: 此设置不能在这里修改。')
    for (const text of english) expect(w.text()).not.toContain(text)
  })

  it.each<[Locale, string, string, string]>([
    ['en', 'Quota period (days)', 'Concurrency limit', 'Routing'],
    ['zh', '配额周期（天）', '并发上限', '路由'],
  ])('labels the settings in %s', (locale, period, concurrency, routing) => {
    const { w } = openGateway('rust', { billing_type: 'monthly_quota' }, locale)
    expect(w.get('label[for="f-quota_reset_day"]').text()).toBe(period)
    expect(w.get('label[for="f-concurrent_limit"]').text()).toBe(concurrency)
    expect(w.findAll('legend').map((l) => l.text())).toContain(routing)
  })

  it('says so when the database lets nothing be edited', () => {
    const w = mountDialog(gatewayProvider(), { fields: [], rules: [] })
    expect(w.find('[data-testid="edit-nothing"]').exists()).toBe(true)
    expect(shownFields(w)).toEqual([])
    expect(saveButton(w).attributes('disabled')).toBeDefined()
  })

  describe('before and after a save', () => {
    it.each<[Locale, string[], string]>([
      ['en', ['Billing type: Pay as you go→Monthly quota', 'Monthly quota (USD): —→$200.00', 'RPM limit: 600→unlimited'], 'changed'],
      ['zh', ['计费方式: 按量付费→月度配额', '月度配额（美元）: —→US$200.00', 'RPM 限制: 600→不限'], '已修改'],
    ])('marks changed fields and lists each change before → after (%s)', async (locale, review, mark) => {
      const p = provider()
      const w = mountDialog(p, EDITABLE.legacy, { locale })
      expect(w.find('[data-testid="edit-review"]').exists()).toBe(false)
      await field(w, 'billing_type').setValue('monthly_quota')
      await field(w, 'monthly_quota_usd').setValue('200')
      await field(w, 'rpm_limit').setValue('')
      const rows = w.findAll('[data-testid="edit-review"] li').map((li) => li.text().replace(/\s+/g, ' ').replace(/ ?→ ?/g, '→'))
      expect(rows).toEqual(review)
      const changed = w.findAll('[data-changed="true"]').map((f) => f.get('label').attributes('for'))
      expect(changed).toEqual(['f-billing_type', 'f-rpm_limit', 'f-monthly_quota_usd'])
      expect(w.get('[data-changed="true"] label').text()).toContain(mark)
    })

    it.each<[Locale, string]>([
      ['en', 'Discard 2 unsaved changes?'],
      ['zh', '放弃 2 项未保存的更改？'],
    ])('the unsaved-changes guard names what would be lost and leaves the form visible (%s)', async (locale, title) => {
      const w = mountDialog(provider(), EDITABLE.legacy, { locale })
      await field(w, 'provider_priority').setValue('3')
      await field(w, 'description').setValue('new words')
      await w.get('[data-testid="edit-cancel"]').trigger('click')
      const guard = w.get('[data-testid="discard-confirm"]')
      expect(guard.text()).toContain(title)
      expect(guard.findAll('li').map((li) => li.text().replace(/\s+/g, ' '))).toEqual([
        `${locale === 'en' ? 'Description' : '描述'}: Primary account → new words`,
        `${locale === 'en' ? 'Priority' : '优先级'}: 10 → 3`,
      ])
      // In the dialog's flow, inside the form, after the fields: not an overlay on top of them.
      expect(guard.element.closest('form')).not.toBeNull()
      expect(guard.classes()).not.toContain('confirm')
    })

    it.each<['en' | 'zh', string, string]>([
      ['en', 'YYYY-MM-DD hh:mm:ss', 'Write a complete date and time'],
      ['zh', '年-月-日 时:分:秒', '请按“年-月-日 时:分:秒”填写'],
    ])('a date-time field shows nothing when empty, its format in the UI language, and reads a typed time (%s)', async (locale, format, message) => {
      const w = mountDialog(provider({ billing_type: 'monthly_quota', quota_expires_at: null }), EDITABLE.legacy, { locale })
      const input = field(w, 'quota_expires_at')
      expect((input.element as HTMLInputElement).value).toBe('')
      expect(input.attributes('type')).toBe('text')
      expect(input.attributes('placeholder')).toBe(format)
      await input.setValue('2026-12-01 10:00:00')
      expect((input.element as HTMLInputElement).value).toBe('2026-12-01 10:00:00')
      expect(w.find('[data-testid="error-quota_expires_at"]').exists()).toBe(false)
      expect(w.get('[data-testid="review-quota_expires_at"]').text()).toContain('10:00:00')
      await input.setValue('1/12/2026')
      expect(w.get('[data-testid="error-quota_expires_at"]').text()).toContain(message)
    })
  })
})
