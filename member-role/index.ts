export * from './member-role';
export * from './member-role-stack';
export * from './org-reader-role';
export * from './org-reader-stack';
export * from './permissions';
export { trustOnlyRole } from './trust';
export * from './deployable-stacks';
export * from './bootstrap';
