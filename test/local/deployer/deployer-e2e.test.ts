import { CloudFormationClient, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSessions } from '../../../local/identity/sessions';
import { sessionName } from '../../../orchestrator/credentials/session-name';
import { s3ClientConfig } from '../../../orchestrator/sdk/s3-client-config';
import { DeployerErrors } from '../../../worker-templates/cloudformation-deployer';
import { startDeployerWorld, type DeployerWorld } from './world';

/**
 * The CloudFormation deployer end to end: the synthesized orchestrator and member roles on the
 * local cloud, deployment files run through the CLI, stacks read back from member accounts.
 * The tests share one cloud and run in order, as a platform team's runs would.
 */
let world: DeployerWorld;
beforeAll(async () => {
  world = await startDeployerWorld();
}, 180_000);
afterAll(async () => world?.close());

const ACCOUNTS = ['200000000001', '200000000002', '200000000003'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const TARGETS = `targets: {accounts: [${ACCOUNTS.map((a) => `"${a}"`).join(', ')}]}\nregions: [${REGIONS.join(', ')}]\n`;

function template(extra: { outputs?: boolean; parameter?: string } = {}): string {
  return JSON.stringify({
    Parameters: { DisplayName: { Type: 'String', Default: 'alerts' }, ...(extra.parameter ? { [extra.parameter]: { Type: 'String', Default: 'x' } } : {}) },
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': '${AWS::StackName}-alerts' }, DisplayName: { Ref: 'DisplayName' } } } },
    ...(extra.outputs ? { Outputs: { TopicArn: { Value: { Ref: 'Topic' } } } } : {}),
  });
}

/** A template whose topic name each target can be given: a name outside the prefix is refused to the execution role. */
const NAMED = JSON.stringify({
  Parameters: { TopicName: { Type: 'String' } },
  Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'TopicName' } } } },
});

const outcomes = (report: Awaited<ReturnType<DeployerWorld['run']>>['report']) => report.summary?.targets.map((t) => t.outcome) ?? [];

describe('the CloudFormation deployer on the local cloud', () => {
  it('first deploy: CREATE_COMPLETE in every target, no email when nothing failed', async () => {
    // Act
    const ran = await world.run('alerts', `name: alerts\ntemplate: alerts.json\n${TARGETS}`, { 'alerts.json': template() });

    // Assess
    expect(ran.code, ran.output).toBe(0);
    expect(outcomes(ran.report)).toEqual(Array(6).fill('SUCCEEDED'));
    for (const account of ACCOUNTS) for (const region of REGIONS) expect((await world.stack(account, region, 'StepEverywhere-alerts'))?.status).toBe('CREATE_COMPLETE');
    expect(await world.result(ran.report, '200000000001', 'eu-west-1')).toMatchObject({ Outcome: 'SUCCEEDED', Result: { StackStatus: 'CREATE_COMPLETE' } });
    expect(world.emailsAbout('alerts-1')).toHaveLength(0);
  }, 120_000);

  it('the same again: NO_CHANGE everywhere, nothing left behind', async () => {
    // Act
    const ran = await world.run('alerts', `name: alerts\ntemplate: alerts.json\n${TARGETS}`, { 'alerts.json': template() });

    // Assess
    expect(ran.code, ran.output).toBe(0);
    expect(outcomes(ran.report)).toEqual(Array(6).fill('NO_CHANGE'));
    expect(await world.stack('200000000003', 'us-east-1', 'StepEverywhere-alerts')).toMatchObject({ status: 'CREATE_COMPLETE' });
  }, 120_000);

  it('plan-only: lists the changes and changes no stack', async () => {
    // Act
    const ran = await world.run('alerts', `name: alerts\ntemplate: alerts.json\nplanOnly: true\nparameters: {DisplayName: renamed}\n${TARGETS}`, { 'alerts.json': template() });

    // Assess
    expect(ran.code, ran.output).toBe(0);
    expect(await world.result(ran.report, '200000000002', 'us-east-1')).toMatchObject({ Result: { Changes: [expect.objectContaining({ Action: 'Modify', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic' })] } });
    expect(await world.stack('200000000002', 'us-east-1', 'StepEverywhere-alerts')).toMatchObject({ status: 'CREATE_COMPLETE' });
  }, 120_000);

  it('a template change: UPDATE_COMPLETE everywhere, with the new outputs', async () => {
    // Act
    const ran = await world.run('alerts', `name: alerts\ntemplate: alerts.json\n${TARGETS}`, { 'alerts.json': template({ outputs: true }) });

    // Assess
    expect(ran.code, ran.output).toBe(0);
    expect(outcomes(ran.report)).toEqual(Array(6).fill('SUCCEEDED'));
    expect(await world.result(ran.report, '200000000003', 'eu-west-1')).toMatchObject({
      Result: { StackStatus: 'UPDATE_COMPLETE', Outputs: { TopicArn: 'arn:aws:sns:eu-west-1:200000000003:StepEverywhere-alerts-alerts' } },
    });
  }, 120_000);

  it('an update whose rollback fails too: UPDATE_ROLLBACK_FAILED is continued, and the update failure reported with its reason', async () => {
    // Prepare: in one account, the topic's update fails, and so does its revert the first time.
    const account = '200000000003';
    const rules = [
      world.cloud.faults.add({ service: 'cloudformation', account, stack: 'StepEverywhere-alerts', resource: 'Topic', operation: 'update', during: 'operation', error: { message: 'injected: the update of this topic fails' } }),
      world.cloud.faults.add({ service: 'cloudformation', account, stack: 'StepEverywhere-alerts', resource: 'Topic', operation: 'update', during: 'rollback', times: 2, error: { message: 'injected: the revert fails once' } }),
    ];

    // Act
    const ran = await world.run('alerts', `name: alerts\ntemplate: alerts.json\nparameters: {DisplayName: renamed}\ntolerance: {count: 2}\n${TARGETS}`, { 'alerts.json': template({ outputs: true }) });
    for (const id of rules) world.cloud.faults.remove(id);

    // Assess
    expect(ran.code, ran.output).toBe(0);
    const failed = ran.report.summary?.targets.filter((t) => t.outcome === 'FAILED') ?? [];
    expect(failed.map((t) => t.accountId)).toEqual([account, account]);
    expect(failed[0].error).toBe(DeployerErrors.ROLLED_BACK);
    expect(failed[0].cause).toContain('injected: the update of this topic fails');
    expect(failed[0].cause).toContain('the failed rollback was continued: now UPDATE_ROLLBACK_COMPLETE');
    expect(await world.stack(account, 'us-east-1', 'StepEverywhere-alerts')).toMatchObject({ status: 'UPDATE_ROLLBACK_COMPLETE' });
    expect((await world.stack('200000000001', 'us-east-1', 'StepEverywhere-alerts'))?.status).toBe('UPDATE_COMPLETE');
  }, 120_000);

  it('a resource failing in one account: ROLLBACK_COMPLETE there with its reason, one email naming it; the next run recreates it', async () => {
    // Prepare
    const deployment = (override: string) => `name: named\ntemplate: named.json\nstackName: StepEverywhere-named\nparameters: {TopicName: StepEverywhere-named}\n${override}tolerance: {count: 2}\n${TARGETS}`;

    // Act
    const broken = await world.run('named', deployment('overrides: {accounts: {"200000000002": {TopicName: outside-the-prefix}}}\n'), { 'named.json': NAMED });
    const stackAfterFailure = await world.stack('200000000002', 'us-east-1', 'StepEverywhere-named');
    const fixed = await world.run('named', deployment(''), { 'named.json': NAMED });

    // Assess
    expect(broken.code, broken.output).toBe(0);
    const failures = broken.report.summary?.targets.filter((t) => t.outcome === 'FAILED') ?? [];
    expect(failures.map((t) => [t.accountId, t.region])).toEqual([['200000000002', 'eu-west-1'], ['200000000002', 'us-east-1']]);
    expect(failures[0].error).toBe(DeployerErrors.ROLLED_BACK);
    expect(failures[0].cause).toMatch(/^ROLLBACK_COMPLETE: Topic \(AWS::SNS::Topic\) CREATE_FAILED: .*sns:CreateTopic.* — the next run deletes the stack and creates it again$/);
    expect(stackAfterFailure?.status).toBe('ROLLBACK_COMPLETE');
    const emails = world.emailsAbout('named-');
    expect(emails).toHaveLength(1);
    expect(emails[0]).toContain('200000000002');
    expect(emails[0]).toContain('CREATE_FAILED');
    expect(emails[0]).toContain('200000000002 (workloads-02) us-east-1 - stack StepEverywhere-named');
    expect(emails[0]).toContain('https://us-east-1.console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/events?stackId=');
    expect(fixed.code, fixed.output).toBe(0);
    const fixedOutcomes = Object.fromEntries(fixed.report.summary?.targets.map((t) => [`${t.accountId} ${t.region}`, t.outcome]) ?? []);
    expect(fixedOutcomes['200000000002 us-east-1']).toBe('SUCCEEDED');
    expect(fixedOutcomes['200000000001 us-east-1']).toBe('NO_CHANGE');
    expect(await world.stack('200000000002', 'us-east-1', 'StepEverywhere-named')).toMatchObject({ status: 'CREATE_COMPLETE' });
  }, 180_000);

  it('waves: a wave over the tolerance stops the later ones, which are reported and left untouched', async () => {
    // Prepare
    const deployment = [
      'name: waves',
      'template: named.json',
      'stackName: StepEverywhere-waves',
      'parameters: {TopicName: StepEverywhere-waves}',
      'overrides: {accounts: {"200000000002": {TopicName: outside-the-prefix}}}',
      'tolerance: {count: 0}',
      'waves: [{accounts: ["200000000002"]}]',
      TARGETS,
    ].join('\n');

    // Act
    const ran = await world.run('waves', deployment, { 'named.json': NAMED });

    // Assess
    expect(ran.code, ran.output).toBe(1);
    const byAccount = Object.fromEntries(ran.report.summary?.targets.map((t) => [`${t.accountId} ${t.region}`, t.outcome]) ?? []);
    expect(byAccount['200000000002 us-east-1']).toBe('FAILED');
    expect(byAccount['200000000001 us-east-1']).toBe('CANCELLED');
    expect(byAccount['200000000003 eu-west-1']).toBe('CANCELLED');
    expect(await world.stack('200000000001', 'us-east-1', 'StepEverywhere-waves')).toBeUndefined();
    expect(world.emailsAbout('waves-')).toHaveLength(1);
  }, 120_000);

  it('a template CloudFormation refuses is reported per target, never a crash, and leaves no stack', async () => {
    // Prepare
    const invalid = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { Ref: 'Nowhere' } } } } });

    // Act
    const ran = await world.run('invalid', `name: invalid\ntemplate: invalid.json\ntolerance: {percentage: 100}\n${TARGETS}`, { 'invalid.json': invalid });

    // Assess
    expect(ran.code, ran.output).toBe(0);
    const targets = ran.report.summary?.targets ?? [];
    expect(targets.map((t) => t.error)).toEqual(Array(6).fill(DeployerErrors.TEMPLATE_REFUSED));
    expect(targets[0].cause).toContain('Nowhere');
    expect(await world.stack('200000000001', 'us-east-1', 'StepEverywhere-invalid')).toBeUndefined();
  }, 120_000);

  it('an execution role that does not exist is named in each target\'s cause', async () => {
    // Act
    const ran = await world.run('norole', `name: norole\ntemplate: alerts.json\nexecutionRoleName: Missing\ntolerance: {percentage: 100}\ntargets: {accounts: ["200000000001"]}\nregions: [us-east-1]\n`, { 'alerts.json': template() });

    // Assess
    const target = ran.report.summary?.targets[0];
    expect(target?.outcome).toBe('FAILED');
    expect(target?.cause).toContain('Missing');
  }, 120_000);

  it('a deployment naming a worker that does not exist fails every target with the worker named, and assumes no member role', async () => {
    // Act
    const ran = await world.run('noworker', `name: noworker\nworker: StepEverywhere_missing\n${TARGETS}`);

    // Assess
    expect(ran.code, ran.output).toBe(1);
    expect(ran.report.summary?.counts.ASSUME_ROLE_FAILED).toBe(ACCOUNTS.length * REGIONS.length);
    expect(ran.report.summary?.failures).toHaveLength(1);
    expect(ran.report.summary?.failures[0]).toMatchObject({ error: 'StepEverywhere.WorkerNotAllowed', cause: expect.stringMatching(/^Function StepEverywhere_missing: no such Lambda function/) });
    const sessions = (await listSessions(world.cloud.store)).filter((s) => s.sessionName === sessionName(ran.report.execution.name));
    expect(sessions).toEqual([]);
  }, 120_000);

  it('a template too big to pass inline goes to S3 and reaches member CloudFormation as a presigned URL', async () => {
    // Prepare: over TemplateBody's 51,200 bytes; the member role itself has no S3 access at all.
    const big = JSON.parse(template()) as Record<string, unknown>;
    big.Metadata = { Padding: 'x'.repeat(60_000) };

    // Act
    const ran = await world.run('big', `name: big\ntemplate: big.json\n${TARGETS}`, { 'big.json': JSON.stringify(big) });

    // Assess
    expect(ran.code, ran.output).toBe(0);
    expect(outcomes(ran.report)).toEqual(Array(6).fill('SUCCEEDED'));
    expect(await world.stack('200000000003', 'eu-west-1', 'StepEverywhere-big')).toMatchObject({ status: 'CREATE_COMPLETE' });
  }, 120_000);

  it('refuses an altered presigned template URL', async () => {
    // Prepare
    const s3 = new S3Client(s3ClientConfig());
    await s3.send(new PutObjectCommand({ Bucket: world.where.bucket, Key: 'templates/probe.template', Body: template() }));
    const url = new URL(await getSignedUrl(s3, new GetObjectCommand({ Bucket: world.where.bucket, Key: 'templates/probe.template' }), { expiresIn: 60 }));
    const altered = new URL(url);
    altered.pathname = url.pathname.replace('probe.template', 'other.template');
    const cfn = new CloudFormationClient({});

    // Act
    const genuine = await cfn.send(new ValidateTemplateCommand({ TemplateURL: url.toString() }));
    const refused = cfn.send(new ValidateTemplateCommand({ TemplateURL: altered.toString() }));

    // Assess
    expect(genuine.Parameters?.map((p) => p.ParameterKey)).toEqual(['DisplayName']);
    await expect(refused).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('S3 answered 403') });
  }, 60_000);

  it('delete: every stack gone; deleting again is NO_CHANGE', async () => {
    // Act
    const deleted = await world.run('alerts', `name: alerts\naction: delete\n${TARGETS}`);
    const again = await world.run('alerts', `name: alerts\naction: delete\n${TARGETS}`);

    // Assess
    expect(deleted.code, deleted.output).toBe(0);
    expect(outcomes(deleted.report)).toEqual(Array(6).fill('SUCCEEDED'));
    for (const account of ACCOUNTS) for (const region of REGIONS) expect(await world.stack(account, region, 'StepEverywhere-alerts')).toBeUndefined();
    expect(outcomes(again.report)).toEqual(Array(6).fill('NO_CHANGE'));
  }, 120_000);
});
