import * as fs from 'fs';
import * as path from 'path';
import { synthesizeApp } from '../../local/demo/synthesize';
import { baselineDefinition } from '../baseline';

/** Beside the synthesized app: the original shape's state machine definition, made with the CDK too. */
export const BASELINE_DEFINITION_FILE = 'baseline-definition.json';

/**
 * Synthesizes the app and the baseline definition into a folder, in a process of its own, so the
 * CDK's memory is not counted in the peak RSS of the processes that measure.
 */
function main(): void {
  const outdir = process.argv[2];
  if (!outdir) {
    process.stderr.write('usage: synthesize-app.ts <output folder>\n');
    process.exit(2);
  }
  const directory = synthesizeApp(path.resolve(outdir));
  fs.writeFileSync(path.join(directory, BASELINE_DEFINITION_FILE), JSON.stringify(baselineDefinition()));
}

if (require.main === module) main();
