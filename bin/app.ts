import { App } from 'aws-cdk-lib';
import { defineStacks } from './app-stacks';

const app = new App();
defineStacks(app);
app.synth();
