// The whole public surface of @pdk/testing, by name.

export { metricValue, pdkMatchers } from './matchers/pdk-matchers.js'
export { recordsOf } from './matchers/records-of.js'
export { cloneValue } from './mock/clone-value.js'
export type { MockContext, MockContextOptions, MockControls } from './mock/create-mock-context.js'
export { createMockContext } from './mock/create-mock-context.js'
export { matchEvent } from './mock/match-event.js'
export type { Replies, Reply } from './mock/mock-messages.js'
export type { MockRemote } from './mock/mock-services.js'
export type { EmittedEvent, LogLevel, LogRecord, MetricRecord, MetricType, Recorded, RequestRecord } from './records.js'
export { createRecorded } from './records.js'
