export * from './contract';
export * from './failure-tolerance';
export * from './step-everywhere';
export * from './step-everywhere-props';
export * from './orchestrator-stack';
