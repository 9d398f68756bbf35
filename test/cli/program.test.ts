import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/program';
import { fakeDeps } from './support';
import { EXECUTION_ARN } from './fixtures';

const sfnMock = mockClient(SFNClient);
afterEach(() => sfnMock.reset());

describe('main', () => {
  it('answers an unknown flag with one line naming the command help, exit 2', async () => {
    // Prepare
    const deps = fakeDeps();

    // Act
    const code = await main(['run', '--regoins', 'eu-west-1'], deps);

    // Assess
    expect(code).toBe(2);
    expect(deps.err.text).toMatch(/^unknown option '--regoins'.* — see step-everywhere run --help\n$/);
  });

  it('answers an unknown command, exit 2', async () => {
    // Prepare
    const deps = fakeDeps();

    // Act
    const code = await main(['deploy'], deps);

    // Assess
    expect(code).toBe(2);
    expect(deps.err.lines()).toEqual([expect.stringMatching(/^unknown command 'deploy' — see step-everywhere --help$/)]);
  });

  it('answers a missing argument, exit 2', async () => {
    // Prepare
    const deps = fakeDeps();

    // Act
    const code = await main(['status'], deps);

    // Assess
    expect(code).toBe(2);
    expect(deps.err.text).toBe("missing required argument 'execution' — see step-everywhere status --help\n");
  });

  it('shows help with exit 0 when asked, and exit 2 when no command is given', async () => {
    // Prepare
    const asked = fakeDeps();
    const bare = fakeDeps();

    // Act
    const [askedCode, bareCode] = [await main(['--help'], asked), await main([], bare)];

    // Assess
    expect(askedCode).toBe(0);
    expect(asked.out.text).toContain('Usage: step-everywhere');
    expect(bareCode).toBe(2);
  });

  it('prints a stack trace only with --debug', async () => {
    // Prepare
    sfnMock.on(DescribeExecutionCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalFailure' }));
    const quiet = fakeDeps({ env: { STEP_EVERYWHERE_RESULTS_BUCKET: 'b' } });
    const debug = fakeDeps({ env: { STEP_EVERYWHERE_RESULTS_BUCKET: 'b' } });

    // Act
    const quietCode = await main(['status', EXECUTION_ARN], quiet);
    await main(['status', EXECUTION_ARN, '--debug'], debug);

    // Assess
    expect(quietCode).toBe(1);
    expect(quiet.err.text).toBe('InternalFailure: boom — rerun with --debug for details\n');
    expect(debug.err.lines()[0]).toBe('InternalFailure: boom — rerun with --debug for details');
    expect(debug.err.text).toMatch(/\n\s+at /);
  });

  it('runs validate and passes its exit code through', async () => {
    // Prepare
    const deps = fakeDeps({ files: { 'x.yaml': 'name: x\nmaxConcurrency: many\n' } });

    // Act
    const code = await main(['validate', 'x.yaml'], deps);

    // Assess
    expect(code).toBe(2);
    expect(deps.err.text).toBe('x.yaml:2:17: maxConcurrency ("many") must be a number — give how many accounts run at once, e.g. 50\n');
  });
});
