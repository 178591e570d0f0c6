// Accessibility of the main components in both languages: axe-core finds no violation, fields
// carry their errors, dialogs have labelled inputs. A new violation fails here.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import type { Component } from 'vue'
import HealthStrip from '@/components/HealthStrip.vue'
import HealthLegend from '@/components/HealthLegend.vue'
import StripAxis from '@/components/StripAxis.vue'
import ProviderCard from '@/components/ProviderCard.vue'
import EventsTable from '@/components/EventsTable.vue'
import MonitorControls from '@/components/MonitorControls.vue'
import AppHeader from '@/components/AppHeader.vue'
import OpenDatabaseDialog from '@/components/OpenDatabaseDialog.vue'
import EditProviderDialog from '@/components/EditProviderDialog.vue'
import FieldRow from '@/components/FieldRow.vue'
import FieldInput from '@/components/FieldInput.vue'
import CandidateTable from '@/components/CandidateTable.vue'
import EventFiltersBar from '@/components/EventFiltersBar.vue'
import ExportButtons from '@/components/ExportButtons.vue'
import { useDatabase } from '@/composables/useDatabase'
import { axeViolations } from '@/test/axe'
import { bucket, candidate, database, EDITABLE, fleetEndpoint, fleetFigures, fleetFormat, fleetHealth, fleetStrip, memoryRouter, outcomes, provider, windowStats, withApp, withI18n } from '@/test/fixtures'
import FleetView from '@/views/FleetView.vue'
import ScreenTabs from '@/components/ScreenTabs.vue'
import OutcomeFigures from '@/components/OutcomeFigures.vue'
import type { Locale } from '@/i18n'
import { h } from 'vue'

beforeEach(() => mockIPC((cmd) => (cmd === 'recent_databases' ? [] : null), { shouldMockEvents: true }))
afterEach(() => {
  clearMocks()
  useDatabase().info.value = null
})
// Registered last so it runs first: components unmount while the IPC mock still answers.
enableAutoUnmount(afterEach)

const endpointMonitor = {
  endpoint_id: 'e1',
  api_format: 'CLAUDE',
  is_active: true,
  total_attempts: 1,
  success_count: 1,
  failed_count: 0,
  skipped_count: 0,
  success_rate: 1,
  sample_level: 'good' as const,
  last_event_at: '2026-11-26T08:31:57Z',
  events: [
    {
      timestamp: '2026-11-26T08:31:57Z',
      created_at: '2026-11-26T08:29:10Z',
      finished_at: '2026-11-26T08:31:57Z',
      status: 'failed',
      status_code: 504,
      latency_ms: 60652,
      error_type: 'timeout',
      error_message: 'upstream did not answer',
    },
  ],
  window: windowStats({ total: 1, outcomes: outcomes({ success: 1 }), success_rate: 1, latency_p50_ms: 10, latency_p95_ms: 10, latency_max_ms: 10, level: 'good' }),
  timeline: [],
}

const cases: [string, Component, Record<string, unknown>][] = [
  ['HealthStrip', HealthStrip, { buckets: [bucket(), bucket({ start: '2026-11-26T08:06:00Z', total: 4, success: 4, success_rate: 1, level: 'good' })], label: 'Timeline of CLAUDE' }],
  ['HealthLegend', HealthLegend, {}],
  ['StripAxis', StripAxis, { start: '2026-11-26T02:30:00Z', end: '2026-11-26T08:30:00Z' }],
  ['ProviderCard', ProviderCard, { provider: provider(), now: new Date('2026-11-26T10:00:00Z'), interactive: true }],
  ['EventsTable', EventsTable, { endpoints: [endpointMonitor] }],
  ['MonitorControls', MonitorControls, { modelValue: { lookbackHours: 6, perEndpointLimit: 48, asOf: null }, loading: false, defaultAsOf: '2026-11-26T10:00:00Z' }],
  ['AppHeader', AppHeader, {}],
  ['OpenDatabaseDialog', OpenDatabaseDialog, { closable: true }],
  ['CandidateTable (events)', CandidateTable, { rows: [candidate(), candidate({ id: 'c2', status: 'skipped', outcome: 'not_attempted', skip_reason: 'circuit_open', error_message: 'x'.repeat(300) })], mode: 'events', skipRecorded: true }],
  ['CandidateTable (chain)', CandidateTable, { rows: [candidate(), candidate({ id: 'c2', candidate_index: 1, provider_name: null })], mode: 'chain', skipRecorded: false, finalIndex: 1 }],
  ['EventFiltersBar', EventFiltersBar, { modelValue: { statuses: ['failed'], outcomes: [], status_codes: [504], error_types: [], message_contains: 'timeout' } }],
  ['OutcomeFigures', OutcomeFigures, { outcomes: outcomes({ success: 3, service_error: 1, user_error: 2 }) }],
  ['ExportButtons', ExportButtons, { fileName: 'events', write: async () => null }],
  ['EditProviderDialog', EditProviderDialog, { provider: provider(), readOnly: false, readOnlyReason: null, editableFields: EDITABLE.legacy.fields, fieldRules: EDITABLE.legacy.rules }],
]

describe('axe-core finds no violation', () => {
  for (const locale of ['en', 'zh'] as Locale[]) {
    it.each(cases)(`in %s (${locale})`, async (_name, component, props) => {
      useDatabase().info.value = database()
      const w = mount(component, { props, attachTo: document.body, ...withI18n(locale) })
      await flushPromises()
      expect(await axeViolations(w.element.parentElement ?? w.element)).toEqual([])
    })
  }

  it.each(['en', 'zh'] as Locale[])('in the fleet view and the screen tabs (%s)', async (locale) => {
    useDatabase().info.value = database()
    const strip = fleetStrip([[3, 0, 1], [1, 4, 0], [0, 0, 0]])
    const fleet = fleetHealth({
      formats: [fleetFormat({ strip, keys_cannot_serve: { total: 1, inactive: 1, expired: 0, oauth_invalid: 0, circuit_open: 0, not_recorded: ['oauth_invalid'] } })],
      endpoints: [fleetEndpoint({ strip, figures: fleetFigures({ attempts: 9, outcomes: outcomes({ success: 4, service_error: 4, user_error: 1 }), success_rate: 0.5, level: 'bad' }) }), fleetEndpoint({ rank: 2, endpoint_id: 'e2', is_active: false })],
    })
    mockIPC((cmd) => (cmd === 'get_fleet_health' ? fleet : null))
    const router = memoryRouter('/fleet')
    await router.isReady()
    const w = mount({ render: () => h('div', [h(ScreenTabs, { screen: 'fleet' }), h(FleetView, { defaultAsOf: null })]) }, { attachTo: document.body, ...withApp(locale, router) })
    await flushPromises()
    expect(w.findAll('[data-testid="fleet-row"]')).toHaveLength(2)
    expect(await axeViolations(w.element.parentElement ?? w.element)).toEqual([])
  })

  it('would catch an unlabelled input (the check itself works)', async () => {
    const w = mount({ render: () => h('div', [h('input', { type: 'text' })]) }, { attachTo: document.body })
    expect((await axeViolations(w.element)).join('\n')).toContain('label')
  })
})

describe('field errors are tied to their inputs', () => {
  const spec = { name: 'display_name', kind: 'text', multiline: false } as never
  const row = (error: string | null, hint?: string) =>
    mount(FieldRow, {
      props: { field: 'display_name', label: 'Display name', error, hint },
      slots: { default: () => h(FieldInput, { spec, modelValue: 'x' }) },
      attachTo: document.body,
      ...withI18n('zh'),
    })

  it('points an invalid input at its error message', () => {
    const w = row('最多 100 个字符')
    const input = w.get('[data-testid="field-display_name"]')
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(input.attributes('aria-describedby')).toBe('err-display_name')
    expect(w.get('#err-display_name').text()).toBe('最多 100 个字符')
  })

  it('points a valid input at its hint and is not marked invalid', () => {
    const w = row(null, 'Shown to admins')
    const input = w.get('[data-testid="field-display_name"]')
    expect(input.attributes('aria-invalid')).toBeUndefined()
    expect(input.attributes('aria-describedby')).toBe('hint-display_name')
  })
})

describe('the open dialog labels its inputs', () => {
  it.each<[Locale, string, string]>([
    ['en', 'Snapshot file path', 'PostgreSQL URL'],
    ['zh', '快照文件路径', 'PostgreSQL 连接地址'],
  ])('%s', async (locale, path, url) => {
    const w = mount(OpenDatabaseDialog, { props: { closable: true }, attachTo: document.body, ...withI18n(locale) })
    expect(w.get('[data-testid="open-path"]').attributes('aria-label')).toBe(path)
    expect(w.get('[data-testid="open-url"]').attributes('aria-label')).toBe(url)
  })
})
