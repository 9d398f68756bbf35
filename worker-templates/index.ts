export * from './bundled-workers';
export * from './lib';
