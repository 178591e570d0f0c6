// The backend's types, re-exported so nothing outside `api/` imports the generated file.
export type {
  BillingType,
  ChangeLogEntry,
  DatabaseInfo,
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
  StatusCodeCount,
  TimelineBucket,
  WindowStats,
} from '@/bindings'
export type { Error as BackendError } from '@/bindings'
