import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { emit } from '@tauri-apps/api/event'
import OpenDatabaseDialog from './OpenDatabaseDialog.vue'
import { database, withI18n } from '@/test/fixtures'
import { useDatabase } from '@/composables/useDatabase'
import type { DatabaseInfo, SnapshotProgress } from '@/api'

const TAKEN: DatabaseInfo = database({ display_name: 'taken.db', location: '/data/taken.db', read_only: true, read_only_reason: 'requested' })

interface Call {
  cmd: string
  args: Record<string, unknown>
}
let calls: Call[]
/** Settles the pending `take_snapshot`, as the shell does when the copy ends. */
let finishSnapshot: (outcome: { ok: DatabaseInfo } | { error: unknown }) => void

beforeEach(() => {
  calls = []
  mockIPC(
    (cmd, raw) => {
      const args = raw as Record<string, unknown>
      if (!cmd.startsWith('plugin:event')) calls.push({ cmd, args })
      if (cmd === 'recent_databases') return []
      if (cmd === 'cancel_snapshot') return null
      if (cmd === 'plugin:dialog|save') return '/home/admin/picked.db'
      if (cmd === 'take_snapshot') {
        return new Promise((resolve, reject) => {
          finishSnapshot = (outcome) => ('ok' in outcome ? resolve(outcome.ok) : reject(outcome.error))
        })
      }
      throw { kind: 'Database', message: `unexpected ${cmd}` }
    },
    { shouldMockEvents: true },
  )
})
afterEach(() => clearMocks())
enableAutoUnmount(afterEach)

async function dialog() {
  const w = mount(OpenDatabaseDialog, { props: { closable: true }, ...withI18n() })
  await flushPromises()
  return w
}
const get = (w: VueWrapper, id: string) => w.get(`[data-testid="snapshot-${id}"]`)
async function fillAndTake(w: VueWrapper) {
  await get(w, 'url').setValue(' postgres://admin@db.example:5432/aether ')
  await get(w, 'password').setValue('s3cret-pw')
  await get(w, 'since').setValue('72h')
  await get(w, 'out').setValue('/data/taken.db')
  await w.get('[data-testid="snapshot-readonly"]').setValue(true)
  await get(w, 'take').trigger('click')
  await flushPromises()
}
const progress = async (p: SnapshotProgress) => {
  await emit('snapshot-progress', p)
  await flushPromises()
}

describe('taking a snapshot from the open dialog', () => {
  it('sends the URL, the separate password, the window and the file, then opens the snapshot', async () => {
    const w = await dialog()
    expect(get(w, 'password').attributes('type')).toBe('password')
    expect(get(w, 'take').attributes('disabled')).toBeDefined()
    await fillAndTake(w)
    const sent = calls.find((c) => c.cmd === 'take_snapshot')!
    expect(sent.args).toEqual({
      request: {
        from: 'postgres://admin@db.example:5432/aether',
        password: 's3cret-pw',
        out: '/data/taken.db',
        since: '72h',
        providers: null,
        force: false,
      },
      readOnly: true,
    })
    expect(w.emitted('opened')).toBeUndefined()
    finishSnapshot({ ok: TAKEN })
    await flushPromises()
    expect(w.emitted('opened')).toHaveLength(1)
    expect(useDatabase().info.value).toEqual(TAKEN)
    expect((get(w, 'password').element as HTMLInputElement).value).toBe('')
  })

  it('offers MySQL beside PostgreSQL and sends a mysql:// URL as it is', async () => {
    const w = await dialog()
    const url = () => get(w, 'url').attributes('placeholder')
    expect(get(w, 'from-postgres').text()).toBe('Take snapshot from PostgreSQL…')
    expect(url()).toContain('postgres://')
    await get(w, 'from-mysql').trigger('click')
    expect(get(w, 'from-mysql').attributes('aria-pressed')).toBe('true')
    expect(get(w, 'from-mysql').text()).toBe('Take snapshot from MySQL…')
    expect(url()).toContain('mysql://')
    await get(w, 'url').setValue('mysql://admin@db.example:3306/aether')
    await get(w, 'out').setValue('/data/taken.db')
    await get(w, 'take').trigger('click')
    await flushPromises()
    const sent = calls.find((c) => c.cmd === 'take_snapshot')!
    expect((sent.args as { request: { from: string } }).request.from).toBe('mysql://admin@db.example:3306/aether')
    finishSnapshot({ ok: TAKEN })
    await flushPromises()
    expect(w.emitted('opened')).toHaveLength(1)
  })

  it('moves the progress bar with snapshot-progress events', async () => {
    const w = await dialog()
    await fillAndTake(w)
    const bar = () => get(w, 'progress').element as HTMLProgressElement
    expect(get(w, 'status').text()).toBe('Connecting…')
    expect(w.find('[data-testid="open-progress"]').exists()).toBe(false)
    await progress({ table: 'request_candidates', stage: 'copying', copied: 250, total: 1000 })
    expect(bar().value).toBe(25)
    expect(get(w, 'status').text()).toBe(`Copying request_candidates: 250 / ${(1000).toLocaleString()} rows`)
    await progress({ table: 'request_candidates', stage: 'copying', copied: 750, total: 1000 })
    expect(bar().value).toBe(75)
    await progress({ table: 'request_candidates', stage: 'indexing', copied: 1000, total: 1000 })
    expect(get(w, 'status').text()).toBe('Indexing request_candidates…')
    finishSnapshot({ ok: TAKEN })
    await flushPromises()
    expect(w.find('[data-testid="snapshot-progress"]').exists()).toBe(false)
  })

  it('shows a failure with the error component and keeps the dialog open', async () => {
    const w = await dialog()
    await fillAndTake(w)
    finishSnapshot({
      error: { kind: 'Unreachable', message: 'cannot connect to PostgreSQL at db.example:5432/aether: refused', cause: 'server' },
    })
    await flushPromises()
    const error = w.get('[data-testid="error-message"]')
    expect(error.attributes('data-kind')).toBe('Unreachable')
    expect(error.text()).toContain('db.example:5432/aether: refused')
    expect(w.emitted('opened')).toBeUndefined()
    expect(w.find('[data-testid="snapshot-take"]').exists()).toBe(true)
  })

  it('Cancel asks the shell to stop the copy', async () => {
    const w = await dialog()
    await fillAndTake(w)
    await get(w, 'cancel').trigger('click')
    await flushPromises()
    expect(calls.map((c) => c.cmd)).toContain('cancel_snapshot')
    finishSnapshot({ error: { kind: 'Cancelled' } })
    await flushPromises()
    expect(w.get('[data-testid="error-message"]').attributes('data-kind')).toBe('Cancelled')
    expect(w.get('[data-testid="error-message"]').text()).toContain('nothing was written')
    expect(w.emitted('opened')).toBeUndefined()
  })

  it('takes the destination from the save dialog, whose replace question counts as consent', async () => {
    const w = await dialog()
    await get(w, 'url').setValue('postgres://admin@db.example:5432/aether')
    await get(w, 'choose').trigger('click')
    await flushPromises()
    expect(calls.some((c) => c.cmd === 'plugin:dialog|save')).toBe(true)
    expect((get(w, 'out').element as HTMLInputElement).value).toBe('/home/admin/picked.db')
    await get(w, 'take').trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.cmd === 'take_snapshot')!.args).toMatchObject({ request: { out: '/home/admin/picked.db', force: true } })
    finishSnapshot({ ok: TAKEN })
    await flushPromises()

    // Edited by hand afterwards, the path no longer replaces an existing file.
    await get(w, 'out').setValue('/home/admin/picked-2.db')
    await get(w, 'take').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.cmd === 'take_snapshot').at(-1)!.args).toMatchObject({ request: { out: '/home/admin/picked-2.db', force: false } })
  })
})
