import { Duration, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ASSUMABLE_TAG_KEY, FailureTolerance, OrchestratorStack, StepEverywhere } from '../../orchestrator';
import { HUB_ACCOUNT, HUB_REGION, newTestApp, synthOrchestrator } from '../support/orchestrator-template';

type Statement = { Action: string | string[]; Resource?: unknown; Condition?: Record<string, Record<string, unknown>>; Sid?: string; Effect: string };

function policyStatementsOf(json: ReturnType<typeof synthOrchestrator>['json'], rolePathFragment: string): Statement[] {
  return Object.values(json.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties?.Roles).includes(rolePathFragment))
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('StepEverywhere guard-rails', () => {
  it('lets the credentials role assume only roles tagged assumable', () => {
    // Prepare
    const { template } = synthOrchestrator();

    // Act
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AssumeOnlyTaggedMemberRoles',
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { [`aws:ResourceTag/${ASSUMABLE_TAG_KEY}`]: 'true' } },
            }),
          ]),
        },
      },
    });

    // Assess
    expect(Object.keys(policies)).toHaveLength(1);
  });

  it('lets no role but the credentials role call sts:AssumeRole on member roles', () => {
    // Prepare
    const { json } = synthOrchestrator();

    // Act
    const assumers = Object.values(json.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((r) => JSON.stringify(r.Properties?.PolicyDocument).includes('sts:AssumeRole'))
      .map((r) => JSON.stringify(r.Properties?.Roles));

    // Assess
    expect(assumers).toHaveLength(1);
    expect(assumers[0]).toContain('Credentials');
  });

  it('adds the organization condition when the organization id is given', () => {
    // Prepare
    const { template } = synthOrchestrator({ organizationId: 'o-abcdef1234' });

    // Act / Assess
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AssumeOnlyTaggedMemberRoles',
            Condition: { StringEquals: Match.objectLike({ 'aws:ResourceOrgID': 'o-abcdef1234' }) },
          }),
        ]),
      },
    });
  });

  it('lets the state machine invoke only its own handlers and StepEverywhere_ workers', () => {
    // Prepare
    const { json } = synthOrchestrator();

    // Act
    const invokeResources = policyStatementsOf(json, 'StateMachineRole')
      .filter((s) => actionsOf(s).includes('lambda:InvokeFunction'))
      .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
      .map((r) => JSON.stringify(r));

    // Assess
    const workers = invokeResources.filter((r) => r.includes(':function:'));
    expect(workers).toHaveLength(2);
    for (const r of workers) expect(r).toMatch(/function:StepEverywhere_\*(:\*)?"/);
    const others = invokeResources.filter((r) => !r.includes(':function:'));
    for (const r of others) expect(r).toMatch(/Fn::GetAtt.*(Plan|Credentials|TallyWave|Summarise)Function/);
  });

  it('grants no wildcard action and no s3:*, sns:* or iam write anywhere', () => {
    // Prepare
    const { json } = synthOrchestrator();

    // Act
    const actions = Object.values(json.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement)
      .flatMap(actionsOf);

    // Assess
    expect(actions.length).toBeGreaterThan(10);
    for (const action of actions) {
      expect(action).not.toBe('*');
      expect(action).not.toMatch(/^(s3|sns|kms|sts|lambda|iam):\*$/);
      expect(action).not.toMatch(/^iam:(Create|Put|Attach|Delete|Update|PassRole)/);
    }
  });

  it('keeps key administrators from using the credentials key', () => {
    // Prepare
    const { template } = synthOrchestrator();

    // Act
    const keys = template.findResources('AWS::KMS::Key');
    const statements = (Object.values(keys)[0].Properties.KeyPolicy as { Statement: Statement[] }).Statement;
    const admin = statements.find((s) => s.Sid === 'KeyAdministrationWithoutUse')!;

    // Assess
    expect(Object.keys(keys)).toHaveLength(1);
    for (const forbidden of ['kms:Decrypt', 'kms:Encrypt', 'kms:CreateGrant', 'kms:ReEncryptFrom', 'kms:GenerateDataKey', 'kms:*']) {
      expect(actionsOf(admin)).not.toContain(forbidden);
    }
    expect(actionsOf(admin).some((a) => a.includes('*'))).toBe(false);
  });

  it('lets a principal decrypt only ciphertexts whose context names it as recipient', () => {
    // Prepare
    const { template } = synthOrchestrator();

    // Act / Assess
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DecryptOnlyByRecipient',
            Action: 'kms:Decrypt',
            Condition: {
              StringEquals: {
                'kms:EncryptionContext:stepeverywhere:recipient': '${aws:PrincipalArn}',
                'kms:CallerAccount': HUB_ACCOUNT,
              },
            },
          }),
        ]),
      },
    });
  });

  it('lets the credentials role encrypt only with the full encryption context', () => {
    // Prepare
    const { template } = synthOrchestrator();

    // Act / Assess
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'EncryptWithFullContext',
            Action: 'kms:Encrypt',
            Condition: {
              Null: {
                'kms:EncryptionContext:stepeverywhere:execution': 'false',
                'kms:EncryptionContext:stepeverywhere:account': 'false',
                'kms:EncryptionContext:stepeverywhere:recipient': 'false',
              },
            },
          }),
        ]),
      },
    });
  });

  it('keeps execution data out of the state machine logs and traces executions', () => {
    // Prepare
    const { template } = synthOrchestrator();

    // Act / Assess
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: false, Level: 'ALL' }),
    });
  });

  it('passes the tolerance, concurrency and regions to the Plan function', () => {
    // Prepare
    const { template } = synthOrchestrator({
      failureTolerance: FailureTolerance.percentage(5),
      maxConcurrentAccounts: 40,
      defaultRegions: ['eu-west-1', 'us-east-1'],
    });

    // Act / Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          FAILURE_TOLERANCE: 'percentage:5',
          MAX_CONCURRENCY: '40',
          DEFAULT_REGIONS: 'eu-west-1,us-east-1',
          HOST_ACCOUNT_ID: HUB_ACCOUNT,
        }),
      },
    });
  });

  it('reads Organizations through the org-reader role when one is given', () => {
    // Prepare
    const orgReader = 'arn:aws:iam::222222222222:role/StepEverywhereOrgReader';
    const { json } = synthOrchestrator({ orgReaderRoleArn: orgReader });

    // Act
    const planStatements = policyStatementsOf(json, 'PlanRole');

    // Assess
    expect(planStatements.some((s) => actionsOf(s).includes('sts:AssumeRole') && s.Resource === orgReader)).toBe(true);
    expect(planStatements.flatMap(actionsOf).some((a) => a.startsWith('organizations:'))).toBe(false);
  });
});

describe('grantWorker', () => {
  it('grants a StepEverywhere_ worker decrypt and writes under its own prefix only', () => {
    // Prepare
    const app = newTestApp();
    const stack = new OrchestratorStack(app, 'S', { env: { account: HUB_ACCOUNT, region: HUB_REGION } });
    const worker = new lambda.Function(stack, 'Worker', {
      functionName: 'StepEverywhere_inventory',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });

    // Act
    stack.stepEverywhere.grantWorker(worker);

    // Assess
    const json = JSON.stringify(
      Object.values((app.synth().getStackByName('S').template as { Resources: Record<string, { Type: string; Properties: { Roles?: unknown; PolicyDocument?: unknown } }> }).Resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('WorkerServiceRole'))
        .map((r) => r.Properties.PolicyDocument),
    );
    expect(json).toContain('kms:Decrypt');
    expect(json).toContain('/StepEverywhere/StepEverywhere_inventory/*');
    expect(json).not.toContain('s3:GetObject');
  });

  it('refuses a function whose name lacks the StepEverywhere_ prefix', () => {
    // Prepare
    const app = newTestApp();
    const stack = new OrchestratorStack(app, 'S', { env: { account: HUB_ACCOUNT, region: HUB_REGION } });
    const worker = new lambda.Function(stack, 'Worker', {
      functionName: 'inventory',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });

    // Act / Assess
    expect(() => stack.stepEverywhere.grantWorker(worker)).toThrow(/name it "StepEverywhere_\.\.\."/);
  });
});

describe('grantReadTemplates', () => {
  it('lets a worker read the templates prefix and nothing else of the bucket', () => {
    // Prepare
    const app = newTestApp();
    const stack = new OrchestratorStack(app, 'S', { env: { account: HUB_ACCOUNT, region: HUB_REGION } });
    const worker = new lambda.Function(stack, 'Deployer', {
      functionName: 'StepEverywhere_deployer',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });

    // Act
    stack.stepEverywhere.grantReadTemplates(worker);

    // Assess
    const statements = Object.values((app.synth().getStackByName('S').template as { Resources: Record<string, { Type: string; Properties: { Roles?: unknown; PolicyDocument?: { Statement: Array<{ Action: unknown; Resource: unknown }> } } }> }).Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('DeployerServiceRole'))
      .flatMap((r) => r.Properties.PolicyDocument?.Statement ?? []);
    const reads = statements.filter((st) => JSON.stringify(st.Action).includes('s3:GetObject'));
    expect(reads).toHaveLength(1);
    const resources = JSON.stringify(reads[0].Resource);
    expect(resources).toContain('/templates/*');
    expect(resources).not.toContain('/StepEverywhere/');
    expect(JSON.stringify(statements)).not.toContain('s3:PutObject');
  });
});

describe('props a pipeline needs', () => {
  it('names the state machine as asked, and lets template readers read exactly the given objects', () => {
    // Prepare
    const app = newTestApp();
    const objectArn = 'arn:aws:s3:::cdk-hnb659fds-assets-111111111111-us-east-1/abc123.yaml';
    const stack = new OrchestratorStack(app, 'S', { env: { account: HUB_ACCOUNT, region: HUB_REGION }, orchestrator: { stateMachineName: 'StepEverywhere', templateObjectArns: [objectArn] } });

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'StepEverywhere' });
    const deployerReads = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p).includes('cloudformationdeployer'))
      .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Array<{ Action: unknown; Resource: unknown }> } } }).Properties.PolicyDocument.Statement)
      .filter((st) => JSON.stringify(st.Action) === '"s3:GetObject"');
    expect(JSON.stringify(deployerReads)).toContain(objectArn);
    const inventoryReads = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('inventory'));
    expect(JSON.stringify(inventoryReads)).not.toContain(objectArn);
  });
});

describe('props validation', () => {
  it.each([
    [{ maxConcurrentAccounts: 0 }, /maxConcurrentAccounts must be a whole number >= 1/],
    [{ regionConcurrency: -1 }, /regionConcurrency must be a whole number >= 0/],
    [{ maxPolls: 1.5 }, /maxPolls must be a whole number >= 1/],
    [{ sessionDuration: Duration.hours(2) }, /sessionDuration must be between 15 minutes and 1 hour/],
    [{ organizationId: 'org-1' }, /organizationId "org-1" is not an organization id/],
    [{ defaultRegions: ['Europe'] }, /defaultRegions contains "Europe"/],
  ])('rejects %o with an error naming the prop', (props, message) => {
    // Prepare
    const app = newTestApp();

    // Act / Assess
    expect(() => new StepEverywhere(new OrchestratorStack(app, 'S'), 'Bad', props)).toThrow(message);
  });

  it('rejects a tolerance out of range', () => {
    expect(() => FailureTolerance.percentage(101)).toThrow(/between 0 and 100/);
    expect(() => FailureTolerance.count(-1)).toThrow(/whole number >= 0/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the orchestrator stack', () => {
    // Prepare
    const app = newTestApp();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new OrchestratorStack(app, 'StepEverywhere', {
      env: { account: HUB_ACCOUNT, region: HUB_REGION },
      orchestrator: { notificationEmails: ['oncall@example.com'] },
    });

    // Act / Assess
    expect(() => app.synth()).not.toThrow();
  });

  it('would report a finding (the check is live)', () => {
    // Prepare
    const app = newTestApp();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new OrchestratorStack(app, 'StepEverywhere', { env: { account: HUB_ACCOUNT, region: HUB_REGION } });
    new sns.Topic(stack, 'TopicWithoutTls');

    // Act / Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-SNS3/);
  });
});

describe('OrchestratorStack bundled workers', () => {
  it('deploys the inventory worker as StepEverywhere_inventory', () => {
    // Prepare
    const { template } = synthOrchestrator();

    // Act / Assess
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'StepEverywhere_inventory' });
  });

  it('can leave the bundled workers out', () => {
    // Prepare
    const app = newTestApp();
    const stack = new OrchestratorStack(app, 'S', { env: { account: HUB_ACCOUNT, region: HUB_REGION }, bundledWorkers: false });

    // Act
    const names = JSON.stringify(Template.fromStack(stack).findResources('AWS::Lambda::Function'));

    // Assess
    expect(names).not.toContain('StepEverywhere_inventory');
  });
});
