export { StateMachineEngine } from './engine';
export type { EngineOptions, ExecutionResult, ExecutionDescription, StartedExecution } from './engine';
export type { EnginePorts, ExecutionStats, ExecutionStatus, MapRunRecord, ItemCounts } from './runtime';
export type { HistoryEvent } from './history';
export { MAX_HISTORY_EVENTS } from './history';
export { MAX_PAYLOAD_BYTES } from './payload';
export { RESULT_FILE_MAX_BYTES } from './result-writer';
export { validateDefinition } from './validate';
export * from './errors';
