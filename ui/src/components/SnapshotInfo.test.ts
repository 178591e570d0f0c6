import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import SnapshotInfo from './SnapshotInfo.vue'
import type { SnapshotMeta } from '@/api'
import { withI18n } from '@/test/fixtures'

const meta = (over: Partial<SnapshotMeta> = {}): SnapshotMeta => ({
  taken_at: '2026-11-26T13:32:22.697505Z',
  source: 'db.internal:5432/aether',
  aether_schema_version: 'b7c9e1f0a2d4',
  since_window: '72h',
  providers: null,
  row_counts: { request_candidates: 840169, providers: 1000, models: 20000 },
  generation: 'legacy',
  ...over,
})

describe('SnapshotInfo', () => {
  it('names the source and, opened, the time, schema version, window and rows per table', async () => {
    const w = mount(SnapshotInfo, { props: { meta: meta() }, ...withI18n('en') })
    expect(w.get('summary').text()).toBe('Snapshot of db.internal:5432/aether')
    await w.get('summary').trigger('click')
    expect(w.get('[data-testid="header-snapshot-taken-at"] time').attributes('datetime')).toBe('2026-11-26T13:32:22.697505Z')
    expect(w.get('[data-testid="header-snapshot-schema"]').text()).toBe('b7c9e1f0a2d4')
    expect(w.get('[data-testid="header-snapshot-window"]').text()).toBe('72h')
    expect(w.get('[data-testid="header-snapshot-providers"]').text()).toBe('all')
    expect(w.get('[data-testid="header-snapshot-providers"]').attributes('data-filtered')).toBe('false')
    const rows = w.findAll('[data-testid="header-snapshot-rows"]').map((r) => [r.attributes('data-table'), r.findAll('td')[1].text()])
    expect(rows).toEqual([
      ['models', '20,000'],
      ['providers', '1,000'],
      ['request_candidates', '840,169'],
    ])
  })

  it('says "none" for a snapshot without a schema version or window, in the chosen language', () => {
    const w = mount(SnapshotInfo, { props: { meta: meta({ aether_schema_version: null, since_window: null }) }, ...withI18n('zh') })
    expect(w.get('summary').text()).toContain('快照来源')
    const none = w.get('[data-testid="header-snapshot-schema"]').text()
    expect(none).not.toBe('')
    expect(w.get('[data-testid="header-snapshot-window"]').text()).toBe(none)
  })

  it('names the providers a filtered snapshot holds, and says "all" in the chosen language otherwise', () => {
    const filtered = mount(SnapshotInfo, { props: { meta: meta({ providers: ['p-1', 'p-2'] }) }, ...withI18n('zh') })
    const providers = filtered.get('[data-testid="header-snapshot-providers"]')
    expect(providers.text()).toBe('p-1, p-2')
    expect(providers.attributes('data-filtered')).toBe('true')
    const all = mount(SnapshotInfo, { props: { meta: meta() }, ...withI18n('zh') })
    expect(all.get('[data-testid="header-snapshot-providers"]').text()).toBe('全部')
  })
})
