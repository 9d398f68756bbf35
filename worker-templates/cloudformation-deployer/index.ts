export * from './decide';
export * from './errors';
export * from './names';
export * from './outcome';
export * from './payload';
export * from './deploy-target';
export { deployer } from './handler';
