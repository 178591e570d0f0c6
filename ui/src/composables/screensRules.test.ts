import { describe, expect, it } from 'vitest'
import en from '@/i18n/en'
import zh from '@/i18n/zh'
import { EDITABLE } from '@/dev/editableSettings'
import { needsUser, recentFolders, withPassword } from './openChoices'
import { missingByTable } from '@/components/errorText'
import type { RecentDatabase } from '@/api'

describe('field labels', () => {
  const fields = [...new Set(Object.values(EDITABLE).flatMap((g) => g.fields))]
  it.each([
    ['en', en],
    ['zh', zh],
  ] as const)('the detail page names each setting as the dialog does, without the unit (%s)', (_, messages) => {
    const settings = messages.settings as Record<string, string>
    const edit = messages.edit as unknown as Record<string, string>
    for (const f of fields.filter((f) => f in settings)) {
      expect(edit[f].replace(/\s*[(（][^)）]*[)）]$/, ''), f).toBe(settings[f])
    }
  })
})

describe('the PostgreSQL password', () => {
  it('goes into the URL percent-encoded, once', () => {
    expect(withPassword('postgres://admin@db:5432/aether', 'p@ss:w/rd')).toBe('postgres://admin:p%40ss%3Aw%2Frd@db:5432/aether')
    expect(withPassword('postgres://admin@db/aether', '')).toBe('postgres://admin@db/aether')
    expect(withPassword('not a url', 'x')).toBe('not a url')
  })

  it('needs a user in the URL', () => {
    expect(needsUser('postgres://db/aether', 'x')).toBe(true)
    expect(needsUser('postgres://admin@db/aether', 'x')).toBe(false)
    expect(needsUser('postgres://db/aether', '')).toBe(false)
  })
})

describe('recent databases', () => {
  const r = (location: string, kind: 'sqlite' | 'postgres' = 'sqlite'): RecentDatabase => ({
    location,
    display_name: location.split('/').pop() ?? location,
    kind,
    read_only: false,
    last_opened_at: '2026-11-26T09:00:00Z',
  })

  it('tells same-named files apart by the fewest folders that differ', () => {
    expect(recentFolders([r('/home/a/snap/demo.db'), r('/home/b/snap/demo.db'), r('/data/other.db')])).toEqual(['…/a/snap', '…/b/snap', null])
    expect(recentFolders([r('/x/demo.db'), r('/y/demo.db')])).toEqual(['…/x', '…/y'].map((f) => f.replace('…/', '/')))
    expect(recentFolders([r('/p/q/demo.db'), r('/r/q/demo.db'), r('/s/t/demo.db')])).toEqual(['/p/q', '/r/q', '…/t'])
  })
})

describe('a schema mismatch', () => {
  it('lists missing columns by table, whole tables without columns', () => {
    expect(missingByTable(['providers.a', 'keys.b', 'providers.c', 'request_candidates'])).toEqual([
      { table: 'providers', columns: ['a', 'c'] },
      { table: 'keys', columns: ['b'] },
      { table: 'request_candidates', columns: [] },
    ])
  })
})
