import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import EditProviderDialog from './EditProviderDialog.vue'
import { provider, withI18n } from '@/test/fixtures'
import type { ProviderSummary } from '@/api'

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

function open(over: Partial<ProviderSummary> = {}, readOnly = false) {
  const p = provider(over)
  return { p, w: mount(EditProviderDialog, { props: { provider: p, readOnly }, ...withI18n() }) }
}
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
    ['rpm_limit', '-1', 'Must be a whole number ≥ 0.'],
    ['rpm_limit', '7.5', 'Must be a whole number ≥ 0.'],
  ])('rejects %s = %j next to the field and sends nothing', async (name, value, message) => {
    const { w } = open()
    await field(w, name).setValue(value)
    expect(w.get(`[data-testid="error-${name}"]`).text()).toBe(message)
    expect(saveButton(w).attributes('disabled')).toBeDefined()
    await save(w)
    expect(calls).toHaveLength(0)
  })

  it.each([
    ['monthly_quota_usd', '-5', 'Must be a number ≥ 0.'],
    ['monthly_quota_usd', 'ten', 'Must be a number ≥ 0.'],
    ['quota_reset_day', '0', 'Must be a day from 1 to 31.'],
    ['quota_reset_day', '32', 'Must be a day from 1 to 31.'],
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
          { field: 'website', message: 'must not point at a private address' },
          { field: 'weight', message: 'unknown field' },
        ],
      }),
    )
    await field(w, 'website').setValue('https://10.0.0.1')
    await save(w)
    expect(w.get('[data-testid="error-website"]').text()).toBe('must not point at a private address')
    expect(w.get('[data-testid="edit-other-errors"]').text()).toContain('weight: unknown field')
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

  it('turns editing off in read-only mode and says why', () => {
    const { w } = open({}, true)
    expect(w.get('[data-testid="edit-readonly"]').text()).toContain('read-only')
    expect(w.get('fieldset').attributes('disabled')).toBeDefined()
    expect(saveButton(w).attributes('disabled')).toBeDefined()
  })

  it('shows other backend errors as a sentence', async () => {
    const { w } = open()
    replies.push(reject({ kind: 'ReadOnly' }))
    await field(w, 'provider_priority').setValue('2')
    await save(w)
    expect(w.get('[data-testid="error-message"]').attributes('data-kind')).toBe('ReadOnly')
  })
})
