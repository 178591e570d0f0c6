// The backend's types, re-exported so nothing outside `api/` imports the generated file.
export type {
  BillingType,
  ChangeLogEntry,
  DatabaseInfo,
  DemoProgress,
  EndpointHealthDetail,
  EndpointHealthMonitor,
  ErrorTypeCount,
  FieldError,
  HealthEvent,
  HealthQuery,
  ProviderHealthMonitor,
  ProviderPatch,
  ProviderSummary,
  RecentDatabase,
  SnapshotProgress,
  SnapshotRequest,
  SnapshotStage,
  StatusCodeCount,
  TimelineBucket,
  WindowStats,
} from '@/bindings'
export type { Error as BackendError } from '@/bindings'
