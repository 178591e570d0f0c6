import { afterEach, describe, expect, it } from 'vitest'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { api, AppError, type FieldRule } from '@/api'
import { database, provider } from '@/test/fixtures'

afterEach(() => clearMocks())

describe('api', () => {
  it('unwraps a successful command into its value', async () => {
    mockIPC((cmd) => (cmd === 'list_provider_summaries' ? [provider()] : null))
    const list = await api.listProviderSummaries()
    expect(list.map((p) => p.id)).toEqual(['p1'])
  })

  it('turns a typed backend error into an AppError carrying it', async () => {
    mockIPC(() => {
      throw { kind: 'NotFound', entity: 'provider', id: 'nope' }
    })
    const err = await api.getProviderSummary('nope').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).detail).toEqual({ kind: 'NotFound', entity: 'provider', id: 'nope' })
  })

  it('turns an untyped failure into an Unexpected AppError', async () => {
    mockIPC(() => {
      throw 'command open_demo not found'
    })
    const err = (await api.openDemo(false).catch((e: unknown) => e)) as AppError
    expect(err.detail).toEqual({ kind: 'Unexpected', message: 'command open_demo not found' })
  })

  it('passes the field rules of the open database through unchanged', async () => {
    const rule = { name: 'name', kind: 'text', nullable: false, unique: true, min: null, max: null, min_chars: 1, max_chars: 100, choices: [] } satisfies FieldRule
    mockIPC((cmd) => (cmd === 'open_database' ? database({ field_rules: [rule] }) : null))
    expect((await api.openDatabase('/x.db', false)).field_rules).toEqual([rule])
  })
})
