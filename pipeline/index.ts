export * from './buildspec';
export * from './deployment-set';
export * from './orchestrator-stage';
export * from './pipeline-source';
export * from './pipeline-stack';
export * from './run-deployment-step';
