import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { emit } from '@tauri-apps/api/event'
import App from './App.vue'
import { database, EDITABLE, fleetEndpoint, fleetHealth, gatewayProvider, memoryRouter, provider, withApp } from '@/test/fixtures'
import type { DatabaseInfo, ProviderSummary } from '@/api'

afterEach(() => clearMocks())
enableAutoUnmount(afterEach)

const DB: DatabaseInfo = database()

function backend(providers: ProviderSummary[], db: DatabaseInfo | null = DB, startupError: unknown = null) {
  const calls: string[] = []
  mockIPC((cmd, raw) => {
    calls.push(cmd)
    const args = raw as Record<string, unknown>
    if (cmd === 'current_database') return db
    if (cmd === 'startup_error') return startupError
    if (cmd === 'recent_databases') return []
    if (cmd === 'list_provider_summaries') return providers
    if (cmd === 'update_provider_settings') {
      const p = providers.find((x) => x.id === args.providerId)!
      return { ...p, ...(args.patch as object), updated_at: '2026-11-26T10:05:00Z' }
    }
    if (cmd === 'plugin:dialog|save') return '/tmp/providers.json'
    if (cmd === 'export_provider_summaries_file') return null
    if (cmd === 'get_fleet_health') return fleetHealth({ endpoints: Array.from({ length: 3000 }, (_, i) => fleetEndpoint({ rank: i + 1, endpoint_id: `e${i}` })) })
    if (cmd === 'open_database') throw { kind: 'SchemaMismatch', missing: ['providers.rpm_limit'] }
    throw { kind: 'Database', message: `unexpected ${cmd}` }
  }, { shouldMockEvents: true })
  return calls
}

async function start(path = '/') {
  const router = memoryRouter(path)
  await router.isReady()
  const w = mount(App, { attachTo: document.body, ...withApp('en', router) })
  await flushPromises()
  return w
}

describe('App', () => {
  it('goes from the providers to the fleet’s health by its tab and back; the fleet renders only the rows near the viewport', async () => {
    backend([provider({ id: 'a' })])
    const w = await start('/?lookback=24')
    expect(w.get('[data-testid="tab-providers"]').attributes('aria-current')).toBe('page')
    await w.get('[data-testid="tab-fleet"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="tab-fleet"]').attributes('aria-current')).toBe('page')
    expect(w.get('[data-testid="fleet-list"]').attributes('data-total')).toBe('3000')
    const rows = w.findAll('[data-testid="fleet-row"]').length
    expect(rows).toBeGreaterThan(0)
    expect(rows).toBeLessThan(100)
    // The providers list, kept for coming back, renders no card while the fleet is shown.
    expect(w.findAll('[data-testid="provider-card"]')).toHaveLength(0)
    await w.get('[data-testid="tab-providers"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="fleet-view"]').exists()).toBe(false)
    expect(w.findAll('[data-testid="provider-card"]')).toHaveLength(1)
  })

  it('shows the open database, never its location as text, and the providers', async () => {
    backend([provider({ id: 'a' }), provider({ id: 'b', display_name: 'Second' })])
    const w = await start()
    expect(w.get('[data-testid="header-db-name"]').text()).toBe('demo.db')
    expect(w.find('[data-testid="header-readonly"]').exists()).toBe(false)
    expect(w.findAll('[data-testid="provider-card"]')).toHaveLength(2)
  })

  it('updates the card after a save without reloading the list', async () => {
    const calls = backend([provider({ id: 'a', rpm_limit: 600 })])
    const w = await start()
    await w.get('[data-testid="card-edit"]').trigger('click')
    await w.get('[data-testid="field-rpm_limit"]').setValue('0')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid="edit-dialog"]').exists()).toBe(false)
    expect(w.get('[data-testid="card-rpm"]').attributes('data-kind')).toBe('blocked')
    expect(calls.filter((c) => c === 'list_provider_summaries')).toHaveLength(1)
  })

  it('follows a Rust gateway database: its generation in the header, no RPM, its own fields in the dialog', async () => {
    const rust = database({ generation: 'rust', schema_version: '20260821000000 x', time_encoding: 'unix_epoch', editable_fields: EDITABLE.rust.fields, field_rules: EDITABLE.rust.rules })
    backend([gatewayProvider({ id: 'a' })], rust)
    const w = await start()
    expect(w.get('[data-testid="header-generation"]').text()).toContain('Aether Rust gateway')
    expect(w.find('[data-testid="card-rpm"]').exists()).toBe(false)
    await w.get('[data-testid="card-edit"]').trigger('click')
    expect(w.find('[data-testid="field-rpm_limit"]').exists()).toBe(false)
    await w.get('[data-testid="field-max_retries"]').setValue('1000')
    expect(w.get('[data-testid="error-max_retries"]').text()).toBe('Must be between 0 and 999.')
  })

  it('renders only the cards near the viewport of 1,000 providers, and filters them', async () => {
    backend(Array.from({ length: 1000 }, (_, i) => provider({ id: `p${i}`, name: `provider-${i}`, unhealthy_endpoints: i % 10 === 0 ? 1 : 0, needs_attention: i % 10 === 0 })))
    const w = await start()
    const cards = w.findAll('[data-testid="provider-card"]')
    expect(cards.length).toBeGreaterThan(0)
    expect(cards.length).toBeLessThan(30)
    // Screen readers still hear the whole list's size and each card's place in it.
    expect(w.get('[data-testid="provider-grid"]').attributes('role')).toBe('feed')
    expect(cards[0].attributes('aria-setsize')).toBe('1000')
    expect(cards[1].attributes('aria-posinset')).toBe('2')
    await w.get('[data-testid="filter-unhealthy"]').setValue(true)
    expect(w.get('[data-testid="provider-count"]').text()).toBe('100 of 1,000 providers')
    expect(w.get('[data-testid="provider-grid"]').attributes('data-total')).toBe('100')
    await w.get('[data-testid="provider-search"]').setValue('no such provider')
    expect(w.find('[data-testid="providers-no-match"]').exists()).toBe(true)
    await w.get('[data-testid="clear-filters"]').trigger('click')
    expect(w.get('[data-testid="provider-count"]').text()).toBe('1,000 of 1,000 providers')
  })

  it('keeps the list’s filters in the URL, so a reload shows the same cards', async () => {
    backend([provider({ id: 'a', name: 'alpha' }), provider({ id: 'b', name: 'beta', is_active: false })])
    const router = memoryRouter('/')
    await router.isReady()
    const w = mount(App, { attachTo: document.body, ...withApp('en', router) })
    await flushPromises()
    await w.get('[data-testid="filter-status"]').setValue('inactive')
    await w.get('[data-testid="sort"]').setValue('name')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ status: 'inactive', sort: 'name' })
    w.unmount()

    const again = await start('/?status=inactive&sort=name')
    expect((again.get('[data-testid="filter-status"]').element as HTMLSelectElement).value).toBe('inactive')
    expect(again.findAll('[data-testid="provider-card"]').map((c) => c.attributes('data-provider-id'))).toEqual(['b'])
  })

  it('opens a provider as a route and goes back to the list where it was', async () => {
    backend([provider({ id: 'a' }), provider({ id: 'b' })])
    const router = memoryRouter('/?q=anthropic')
    await router.isReady()
    const w = mount(App, { attachTo: document.body, ...withApp('en', router) })
    await flushPromises()
    await w.findAll('[data-testid="provider-card"]')[1].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/provider/b')
    expect(w.find('[data-testid="provider-detail"]').exists()).toBe(true)
    router.back()
    await flushPromises()
    await new Promise((r) => setTimeout(r, 20))
    expect(router.currentRoute.value.fullPath).toBe('/?q=anthropic')
    expect(w.find('[data-testid="provider-detail"]').exists()).toBe(false)
    expect((w.get('[data-testid="provider-search"]').element as HTMLInputElement).value).toBe('anthropic')
  })

  it('exports the providers list through the save dialog', async () => {
    const calls = backend([provider({ id: 'a' })])
    const w = await start()
    await w.get('[data-testid="list-export-json"]').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.startsWith('plugin:dialog') || c.startsWith('export_'))).toEqual(['plugin:dialog|save', 'export_provider_summaries_file'])
    expect(w.get('[data-testid="list-export-done"]').attributes('data-path')).toBe('/tmp/providers.json')
  })

  it('says so when the database has no providers', async () => {
    backend([])
    const w = await start()
    expect(w.get('[data-testid="providers-empty"]').text()).toContain('no providers')
  })

  it('focuses the search on / and moves between cards with the arrows', async () => {
    backend([provider({ id: 'a' }), provider({ id: 'b' }), provider({ id: 'c' })])
    const w = await start()
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }))
    await new Promise((r) => requestAnimationFrame(() => r(null)))
    expect(document.activeElement?.getAttribute('data-testid')).toBe('provider-search')
    await w.get('[data-testid="provider-search"]').trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement?.getAttribute('data-provider-id')).toBe('a')
    await w.findAll('[data-testid="provider-card"]')[0].trigger('keydown', { key: 'ArrowRight' })
    expect(document.activeElement?.getAttribute('data-provider-id')).toBe('b')
  })

  it('keeps the app usable when opening another database fails', async () => {
    backend([provider({ id: 'a' })])
    const w = await start()
    await w.get('[data-testid="header-open"]').trigger('click')
    await w.get('[data-testid="open-path"]').setValue('/tmp/not-aether.db')
    await w.get('[data-testid="open-file"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="open-dialog"] [data-testid="error-message"]').attributes('data-kind')).toBe('SchemaMismatch')
    await w.get('[data-testid="open-close"]').trigger('click')
    expect(w.findAll('[data-testid="provider-card"]')).toHaveLength(1)
    expect(w.get('[data-testid="header-db-name"]').text()).toBe('demo.db')
  })

  it('waits for the start-up database, saying why the configured one failed', async () => {
    backend([provider({ id: 'a' })], null, { kind: 'Unreachable', message: 'no such file: /x.db' })
    const w = await start()
    expect(w.find('[data-testid="no-database"]').exists()).toBe(true)
    expect(w.get('[data-testid="error-message"]').attributes('data-kind')).toBe('Unreachable')
    await emit('database-changed', DB)
    await flushPromises()
    expect(w.get('[data-testid="header-db-name"]').text()).toBe('demo.db')
    expect(w.findAll('[data-testid="provider-card"]')).toHaveLength(1)
    expect(w.get('[data-testid="error-message"]').text()).toContain('no such file: /x.db')
  })
})
