// The backend's types, re-exported so nothing outside `api/` imports the generated file.
export type {
  BillingType,
  Bound,
  ChangeLogEntry,
  DemoProgress,
  EndpointHealthDetail,
  EndpointHealthMonitor,
  ErrorTypeCount,
  FieldCode,
  FieldError,
  HealthEvent,
  HealthQuery,
  Limits,
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
export type { DatabaseInfo, FieldKind, FieldRule, ProviderPatch, ProviderPatchFields } from '@/bindings'
