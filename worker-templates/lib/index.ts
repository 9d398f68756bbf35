export * from './answer';
export * from './decrypt-credentials';
export * from './define-worker';
export * from './result';
export * from './types';
export * from './validate-event';
