import { describe, expect, it } from 'vitest';
import { checkDeploymentText, formatProblem } from '../../cli/deployment-document';
import { MAX_TEMPLATE_URL_BYTES } from '../../cli/deployment-template';
import { toExecutionInput } from '../../cli/execution-input';

const TEMPLATE = [
  'Parameters:',
  '  Retention: {Type: Number}',
  '  Owner: {Type: String, Default: platform}',
  'Resources:',
  '  Topic:',
  '    Type: AWS::SNS::Topic',
  '    Properties: {DisplayName: !Ref Owner}',
].join('\n');

function reader(files: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };
}

function check(text: string, files: Record<string, string> = { 'templates/topic.yaml': TEMPLATE }) {
  return checkDeploymentText('deployments/topic.yaml', text, reader(files));
}

function problems(text: string, files?: Record<string, string>): string[] {
  const checked = check(text, files);
  return checked.ok ? [] : checked.problems.map(formatProblem);
}

const GOOD = ['name: topic', 'template: ../templates/topic.yaml', 'parameters: {Retention: 30}'].join('\n');

describe('a deployment of the CloudFormation deployer', () => {
  it('reads its template relative to the deployment file and builds the deployer payload', () => {
    // Prepare
    const text = [
      GOOD,
      'overrides:',
      '  accounts: {"200000000001": {Retention: 7}}',
      '  organizationalUnits: {ou-ab12-cdef3456: {Owner: prod}}',
      'capabilities: [CAPABILITY_NAMED_IAM]',
      'tags: {team: platform}',
      'notify: {onSuccess: true}',
    ].join('\n');

    // Act
    const checked = check(text);

    // Assess
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.template).toEqual({ path: 'templates/topic.yaml', body: TEMPLATE });
    const input = toExecutionInput(checked.deployment, { body: TEMPLATE });
    expect(input).toEqual({
      Function: 'StepEverywhere_cloudformation-deployer',
      Payload: {
        StackName: 'StepEverywhere-topic',
        TemplateBody: TEMPLATE,
        Parameters: { Retention: '30' },
        ParameterOverrides: { Accounts: { '200000000001': { Retention: '7' } }, OrganizationalUnits: { 'ou-ab12-cdef3456': { Owner: 'prod' } } },
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        Tags: { team: 'platform' },
      },
      IncludeOrganizationalUnitIds: true,
      NotifyOnSuccess: true,
    });
  });

  it('points at the template key when the file does not exist', () => {
    // Act
    const found = problems(GOOD, {});

    // Assess
    expect(found).toEqual([expect.stringMatching(/^deployments\/topic\.yaml:2:11: template \(\.\.\/templates\/topic\.yaml\) no such file \(templates\/topic\.yaml\) — give the template's path relative to this deployment file$/)]);
  });

  it('refuses a template over CloudFormation\'s 1 MB limit, naming the limit', () => {
    // Prepare
    const huge = `${TEMPLATE}\n# ${'x'.repeat(MAX_TEMPLATE_URL_BYTES)}`;

    // Act
    const found = problems(GOOD, { 'templates/topic.yaml': huge });

    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`reads at most ${MAX_TEMPLATE_URL_BYTES} (1 MB) — split it into nested stacks`);
  });

  it.each([
    ['not YAML', 'Resources: [a\n', 'is not valid JSON or YAML'],
    ['no resources', 'Parameters: {}\n', 'has no Resources'],
    ['a list', '- a\n', 'is not a CloudFormation template'],
  ])('refuses a template that is %s', (_what, template, words) => {
    // Act
    const found = problems(GOOD, { 'templates/topic.yaml': template });

    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^deployments\/topic\.yaml:2:11: template /);
    expect(found[0]).toContain(words);
  });

  it('names a parameter the template does not declare, at its key, with the ones it does', () => {
    // Prepare
    const text = [GOOD, 'overrides: {regions: {eu-west-1: {Retenion: 1}}}'].join('\n');

    // Act
    const found = problems(text);

    // Assess
    expect(found).toEqual(['deployments/topic.yaml:4:35: overrides.regions.eu-west-1.Retenion is not a parameter of ../templates/topic.yaml — its parameters are: Retention, Owner']);
  });

  it('asks for a parameter without a Default that the deployment does not give', () => {
    // Act
    const found = problems('name: topic\ntemplate: ../templates/topic.yaml\n');

    // Assess
    expect(found).toEqual(['deployments/topic.yaml:2:11: template (../templates/topic.yaml) needs Retention, which have no Default — give them under parameters']);
  });

  it.each([
    ['a stack name without the prefix', 'stackName: buckets', 'stackName ("buckets") must start with StepEverywhere-'],
    ['a stack name CloudFormation refuses', 'stackName: StepEverywhere-a_b', 'is not a CloudFormation stack name'],
    ['an unknown capability', 'capabilities: [CAPABILITY_ALL]', 'is not a capability — use one of CAPABILITY_IAM'],
    ['an action it does not know', 'action: update', 'must be deploy or delete'],
  ])('refuses %s', (_what, line, words) => {
    // Act
    const found = problems(`${GOOD}\n${line}`);

    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(words);
  });

  it('needs a template unless it deletes', () => {
    // Act
    const missing = problems('name: topic\n');
    const deleting = problems('name: topic\naction: delete\n');

    // Assess
    expect(missing).toEqual([expect.stringContaining('template is missing — the CloudFormation deployer needs a template')]);
    expect(deleting).toEqual([]);
  });

  it('refuses deployer fields on another worker, naming each', () => {
    // Act
    const found = problems('name: inv\nworker: StepEverywhere_inventory\ntemplate: t.yaml\nplanOnly: true\n');

    // Assess
    expect(found).toEqual([
      expect.stringMatching(/^deployments\/topic\.yaml:3:11: template .*is a field of the CloudFormation deployer, not of StepEverywhere_inventory/),
      expect.stringMatching(/^deployments\/topic\.yaml:4:11: planOnly .*is a field of the CloudFormation deployer/),
    ]);
  });
});

describe('waves by membership in a deployment file', () => {
  it('becomes the input\'s Waves entries', () => {
    // Prepare
    const text = 'name: inv\nworker: StepEverywhere_inventory\nwaves: [{accounts: ["200000000001"]}, {organizationalUnits: [ou-ab12-cdef3456]}, "50%"]\n';

    // Act
    const checked = check(text);

    // Assess
    expect(checked.ok && toExecutionInput(checked.deployment).Waves).toEqual([{ Accounts: ['200000000001'] }, { OrganizationalUnits: ['ou-ab12-cdef3456'] }, '50%']);
  });

  it('refuses a wave that names nothing', () => {
    // Act
    const found = problems('name: inv\nworker: StepEverywhere_inventory\nwaves: [{}]\n');

    // Assess
    expect(found).toEqual([expect.stringContaining('waves[0]')]);
  });
});
