import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that drive whole pipeline runs (builds with npm ci, npm test and cdk synth): minutes each,
 * mostly waiting on child processes. Started first, each on its own worker, so the rest of the
 * suite runs beside them instead of after them.
 */
const LONG_FILES = ['test/local/pipeline/app-pipeline-e2e.test.ts', 'test/local/demo/npm-start.test.ts'];

class LongFilesFirst extends BaseSequencer {
  public override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const index = LONG_FILES.findIndex((file) => spec.moduleId.endsWith(file));
      return index < 0 ? LONG_FILES.length : index;
    };
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CDK synthesis and the local engine are CPU-bound; two cores here.
    pool: 'forks',
    // Vitest's default on two cores is one worker: the long files would run end to end after everything else.
    maxWorkers: 2,
    sequence: { sequencer: LongFilesFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
