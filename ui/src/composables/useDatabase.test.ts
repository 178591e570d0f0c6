import { afterEach, describe, expect, it } from 'vitest'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { useDatabase } from './useDatabase'

afterEach(() => clearMocks())

describe('useDatabase', () => {
  it('subscribes to the shell events once, however often start is retried', async () => {
    const calls: string[] = []
    mockIPC((cmd) => {
      calls.push(cmd)
      if (cmd === 'plugin:event|listen') return calls.length
      if (cmd === 'current_database' || cmd === 'startup_error') return null
      return []
    })
    const db = useDatabase()
    await db.start()
    await db.start()
    await db.start()
    expect(calls.filter((c) => c === 'plugin:event|listen')).toHaveLength(2)
    expect(calls.filter((c) => c === 'current_database')).toHaveLength(3)
    await db.stop()
    expect(calls.filter((c) => c === 'plugin:event|unlisten')).toHaveLength(2)
  })
})
