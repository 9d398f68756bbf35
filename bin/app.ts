import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OrchestratorStack } from '../orchestrator';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
new OrchestratorStack(app, 'StepEverywhere', {
  description: 'step-everywhere orchestrator: fans a worker out to every account and region of an organization',
});
app.synth();
