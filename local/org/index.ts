export * from './model';
export * from './fixture';
export * from './generate';
export * from './faults';
export * from './membership';
