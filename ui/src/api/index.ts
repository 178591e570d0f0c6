// The one module that talks to the Rust side: every call is unwrapped into its value or an AppError.
import { commands } from '@/bindings'
import { listen, type UnlistenFn } from '@tauri-apps/api/event'
import { open as openFileDialog, save as saveFileDialog } from '@tauri-apps/plugin-dialog'
import { toAppError } from './errors'
import type {
  BackendError,
  ChangeLogEntry,
  ChangeLogFormat,
  DatabaseInfo,
  DemoProgress,
  HealthQuery,
  ProviderHealthMonitor,
  ProviderPatch,
  ProviderSummary,
  RecentDatabase,
  EventPage,
  EventsQuery,
  ExportFormat,
  FleetHealth,
  FleetQuery,
  FleetStripPage,
  ProviderKeys,
  RequestChain,
  Save,
  SnapshotProgress,
  SnapshotRequest,
} from './types'

export { AppError, toAppError } from './errors'
export type { ErrorDetail, ErrorKind } from './errors'
export * from './types'
// Core's one table of argument bounds and defaults (`core::limits`).
export { FLEET_RULES, LIMITS, PERCENTILE_ACCURACY } from '@/bindings'

type Result<T> = { status: 'ok'; data: T } | { status: 'error'; error: BackendError }

async function unwrap<T>(call: () => Promise<Result<T>>): Promise<T> {
  let result: Result<T>
  try {
    result = await call()
  } catch (raw) {
    throw toAppError(raw)
  }
  if (result.status === 'error') throw toAppError(result.error)
  return result.data
}

export const api = {
  listProviderSummaries: (): Promise<ProviderSummary[]> => unwrap(() => commands.listProviderSummaries()),
  getProviderSummary: (id: string): Promise<ProviderSummary> => unwrap(() => commands.getProviderSummary(id)),
  getProviderHealthMonitor: (id: string, query: HealthQuery): Promise<ProviderHealthMonitor> =>
    unwrap(() => commands.getProviderHealthMonitor(id, query)),
  /** Every endpoint of every provider over one window, worst first (cancelled as the health monitor). */
  getFleetHealth: (query: FleetQuery): Promise<FleetHealth> => unwrap(() => commands.getFleetHealth(query)),
  /** The strips of the fleet rows ranked `firstRank` onwards, from the answer to `query` (its as-of pinned). */
  getFleetStrips: (query: FleetQuery, firstRank: number, count: number): Promise<FleetStripPage> =>
    unwrap(() => commands.getFleetStrips(query, firstRank, count)),
  /** Writes the fleet view of `query` (its ranked endpoints) to `path` as CSV or JSON. */
  exportFleet: (query: FleetQuery, format: ExportFormat, path: string): Promise<null> =>
    unwrap(() => commands.exportFleetFile(query, format, path)),
  /** Cancels the running health or fleet request (its statement stops in the database). */
  cancelHealthMonitor: (): Promise<null> => unwrap(() => commands.cancelHealthMonitor()),
  updateProviderSettings: (
    id: string,
    patch: ProviderPatch,
    expectedUpdatedAt: string | null,
  ): Promise<ProviderSummary> => unwrap(() => commands.updateProviderSettings(id, patch, expectedUpdatedAt)),
  changeLog: (id: string | null): Promise<ChangeLogEntry[]> => unwrap(() => commands.changeLog(id)),
  /** The change log as saves (one entry per save), oldest first. */
  changeLogSaves: (id: string | null): Promise<Save[]> => unwrap(() => commands.changeLogSaves(id)),
  /** Writes the change log to `path` as CSV, JSON or a replay script. */
  exportChangeLog: (id: string | null, format: ChangeLogFormat, path: string): Promise<null> =>
    unwrap(() => commands.exportChangeLogFile(id, format, path)),
  /** One page of a provider's events (a bucket, newest first; `query.cursor` for the next). */
  eventsPage: (query: EventsQuery): Promise<EventPage> => unwrap(() => commands.listEvents(query)),
  /** Every candidate of one request across providers, and whether the database holds it all. */
  requestChain: (requestId: string): Promise<RequestChain> => unwrap(() => commands.getRequestChain(requestId)),
  /** A provider's keys, expiry judged at the database's as-of time. */
  providerKeys: (providerId: string): Promise<ProviderKeys> => unwrap(() => commands.getProviderKeys(providerId)),
  /** Writes every event `query` selects (all pages) to `path` as CSV or JSON. */
  exportEvents: (query: EventsQuery, format: ExportFormat, path: string): Promise<null> =>
    unwrap(() => commands.exportEventsFile(query, format, path)),
  /** Writes every provider's summary to `path` as CSV or JSON. */
  exportProviders: (format: ExportFormat, path: string): Promise<null> =>
    unwrap(() => commands.exportProviderSummariesFile(format, path)),
  /** Opens the current database again, writable (only when its `can_reopen_writable`). */
  reopenWritable: (): Promise<DatabaseInfo> => unwrap(() => commands.reopenWritable()),
  openDatabase: async (location: string, readOnly: boolean): Promise<DatabaseInfo> =>
    await unwrap(() => commands.openDatabase(location, readOnly)),
  /** Null while start-up is still opening in the background (see `onDatabaseChanged`), or it failed. */
  currentDatabase: async (): Promise<DatabaseInfo | null> => {
    const info = await unwrap(() => commands.currentDatabase())
    return info
  },
  /** Why the database chosen at start-up did not open (the shell then opens the demo). */
  startupError: (): Promise<BackendError | null> => unwrap(() => commands.startupError()),
  recentDatabases: (): Promise<RecentDatabase[]> => unwrap(() => commands.recentDatabases()),
  openDemo: async (readOnly: boolean): Promise<DatabaseInfo> => await unwrap(() => commands.openDemo(readOnly)),
  /** Copies a live PostgreSQL into a new snapshot file (`onSnapshotProgress`), then opens it. */
  takeSnapshot: async (request: SnapshotRequest, readOnly: boolean): Promise<DatabaseInfo> =>
    await unwrap(() => commands.takeSnapshot(request, readOnly)),
  /** Stops the running snapshot; its `takeSnapshot` then fails and no file is left. */
  cancelSnapshot: (): Promise<null> => unwrap(() => commands.cancelSnapshot()),

  /** The native file picker; null when the admin cancels. */
  async pickDatabaseFile(title: string, filterName: string): Promise<string | null> {
    const picked = await openFileDialog({
      title,
      multiple: false,
      directory: false,
      filters: [{ name: filterName, extensions: ['db', 'sqlite', 'sqlite3'] }],
    })
    return typeof picked === 'string' ? picked : null
  },

  /** The native save dialog for a new snapshot file; null when the admin cancels. */
  async pickSnapshotDestination(title: string, filterName: string, defaultPath: string): Promise<string | null> {
    const picked = await saveFileDialog({
      title,
      defaultPath,
      filters: [{ name: filterName, extensions: ['db', 'sqlite', 'sqlite3'] }],
    })
    return picked ?? null
  },

  /** The native save dialog for a change-log export; null when the admin cancels. */
  async pickExportDestination(title: string, defaultPath: string, extension: string): Promise<string | null> {
    const picked = await saveFileDialog({ title, defaultPath, filters: [{ name: extension.toUpperCase(), extensions: [extension] }] })
    return picked ?? null
  },

  /** Progress of a running `takeSnapshot`, after every batch (`snapshot-progress`). */
  onSnapshotProgress(handler: (progress: SnapshotProgress) => void): Promise<UnlistenFn> {
    return listen<SnapshotProgress>('snapshot-progress', (event) => handler(event.payload))
  },

  /** Progress of the one-time demo snapshot generation (`demo-progress`). */
  onDemoProgress(handler: (progress: DemoProgress) => void): Promise<UnlistenFn> {
    return listen<DemoProgress>('demo-progress', (event) => handler(event.payload))
  },

  /** A database was opened, at start-up in the background or by a command (`database-changed`). */
  onDatabaseChanged(handler: (info: DatabaseInfo) => void): Promise<UnlistenFn> {
    return listen<DatabaseInfo>('database-changed', (event) => handler(event.payload))
  },
}
