export * from './answer';
export * from './decrypt-credentials';
export * from './define-worker';
export * from './result';
export * from './types';
export * from './validate-event';
// What a worker author needs from the shared contract, from one import.
export type { TargetRecord, WorkerAnswer, WorkerEvent } from '../../orchestrator/contract';
