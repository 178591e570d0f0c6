// The backend's types, re-exported so nothing outside `api/` imports the generated file.
export type {
  BillingType,
  ChangeLogEntry,
  DemoProgress,
  EndpointHealthDetail,
  EndpointHealthMonitor,
  ErrorTypeCount,
  FieldError,
  HealthEvent,
  HealthQuery,
  ProviderHealthMonitor,
  ProviderSummary,
  RecentDatabase,
  SnapshotMeta,
  SnapshotProgress,
  SnapshotRequest,
  SnapshotStage,
  StatusCodeCount,
  TimelineBucket,
  WindowStats,
} from '@/bindings'
export type {
  EndpointVerdict,
  Generation,
  Level,
  ProviderVerdict,
  ReadOnlyReason,
  Error as BackendError,
} from '@/bindings'
// Until the backend's field rules land (see pending.ts).
export type { DatabaseInfo, FieldRule, ProviderPatch, ProviderPatchFields } from './pending'
