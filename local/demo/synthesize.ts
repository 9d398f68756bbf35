import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { defineStacks } from '../../bin/app-stacks';

/**
 * Synthesizes the app, with its Lambda bundles, into `outdir`: the same stacks `cdk synth`
 * produces, made in process so `npm start` needs no CLI round trip.
 */
export function synthesizeApp(outdir: string): string {
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  defineStacks(app);
  return app.synth().directory;
}
