export * from './errors';
export * from './outcomes';
export * from './execution-input';
export * from './plan';
export * from './worker';
export * from './results-layout';
export * from './names';
export * from './stack-outputs';
