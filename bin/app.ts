import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ORCHESTRATOR_STACK_NAME, OrchestratorStack } from '../orchestrator';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
new OrchestratorStack(app, ORCHESTRATOR_STACK_NAME, {
  description: 'step-everywhere orchestrator: fans a worker out to every account and region of an organization',
});
app.synth();
