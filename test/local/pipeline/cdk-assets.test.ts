import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAsset } from '../../../local/cloudformation/assets';
import { bootstrapCdk, type BootstrapResult } from '../../../local/pipeline/bootstrap';
import type { BuildSession } from '../../../local/pipeline/build-sessions';
import { runTool } from '../../../local/pipeline/cdk-tools';
import { DEFAULT_OPERATOR, startLocalCloud, type LocalCloud } from '../../../local/server';
import { s3Service } from '../../../local/services/s3/s3-service';
import { ssmService } from '../../../local/services/ssm/ssm-service';

const ACCOUNT = DEFAULT_OPERATOR.accountId;
const REGION = 'eu-west-1';
const OTHER_BUCKET = 'team-artifacts-not-for-assets';
const TEMPLATE = '{"Resources":{"Topic":{"Type":"AWS::SNS::Topic"}}}\n';
const PUBLISHING_ROLE = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-file-publishing-role-${AWS::AccountId}-${AWS::Region}';
const ASSETS_BUCKET = 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}';

let local: LocalCloud;
let stateDir: string;
let workspace: string;
let bootstrap: BootstrapResult;
let session: BuildSession;

function s3(): S3Client {
  return new S3Client({ endpoint: local.endpoint, region: REGION, forcePathStyle: true, credentials: { accessKeyId: DEFAULT_OPERATOR.accessKeyId, secretAccessKey: DEFAULT_OPERATOR.secretAccessKey }, maxAttempts: 1 });
}

async function objectBytes(bucket: string, key: string): Promise<Buffer> {
  const answer = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await answer.Body!.transformToByteArray());
}

function publish(...selectors: string[]) {
  return runTool(session, 'cdk-assets', ['--path', 'cdk.out/Stack.assets.json', 'publish', ...selectors], workspace);
}

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'se-cdk-assets-state-'));
  workspace = mkdtempSync(path.join(tmpdir(), 'se-cdk-assets-build-'));
  local = await startLocalCloud({ port: 0, stateDir, services: [s3Service, ssmService], log: () => undefined });
  bootstrap = await bootstrapCdk(local.cloud, ACCOUNT, REGION);
  await s3().send(new CreateBucketCommand({ Bucket: OTHER_BUCKET }));
  const out = path.join(workspace, 'cdk.out');
  mkdirSync(path.join(out, 'asset.fn', 'lib'), { recursive: true });
  writeFileSync(path.join(out, 'asset.fn', 'index.js'), 'exports.handler = async () => require("./lib/util").answer;\n');
  writeFileSync(path.join(out, 'asset.fn', 'lib', 'util.js'), 'exports.answer = 42;\n');
  writeFileSync(path.join(out, 'Stack.template.json'), TEMPLATE);
  const destination = (bucketName: string, objectKey: string) => ({ [`${ACCOUNT}-${REGION}`]: { bucketName, objectKey, assumeRoleArn: PUBLISHING_ROLE } });
  writeFileSync(
    path.join(out, 'Stack.assets.json'),
    JSON.stringify({
      version: '48.0.0',
      files: {
        template: { source: { path: 'Stack.template.json', packaging: 'file' }, destinations: destination(ASSETS_BUCKET, 'template.json') },
        fn: { source: { path: 'asset.fn', packaging: 'zip' }, destinations: destination(ASSETS_BUCKET, 'fn.zip') },
        elsewhere: { source: { path: 'Stack.template.json', packaging: 'file' }, destinations: destination(OTHER_BUCKET, 'stolen.json') },
      },
    }),
  );
  const deployOut = path.join(workspace, 'deploy.out');
  mkdirSync(deployOut);
  writeFileSync(path.join(deployOut, 'Stack.template.json'), TEMPLATE);
  writeFileSync(path.join(deployOut, 'Stack.assets.json'), JSON.stringify({ version: '48.0.0', files: { template: { source: { path: 'Stack.template.json', packaging: 'file' }, destinations: destination(ASSETS_BUCKET, 'deployed-template.json') } } }));
  const role = (kind: string) => `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/cdk-hnb659fds-${kind}-role-\${AWS::AccountId}-\${AWS::Region}`;
  writeFileSync(
    path.join(deployOut, 'manifest.json'),
    JSON.stringify({
      version: '48.0.0',
      artifacts: {
        'Stack.assets': { type: 'cdk:asset-manifest', properties: { file: 'Stack.assets.json' } },
        Stack: { type: 'aws:cloudformation:stack', environment: `aws://${ACCOUNT}/${REGION}`, properties: { templateFile: 'Stack.template.json', assumeRoleArn: role('deploy'), cloudFormationExecutionRoleArn: role('cfn-exec') }, dependencies: ['Stack.assets'] },
      },
    }),
  );
  session = {
    cloud: local.cloud,
    endpoint: local.endpoint,
    accountId: ACCOUNT,
    region: REGION,
    buildId: 'build-1',
    identity: {
      credentials: { accessKeyId: DEFAULT_OPERATOR.accessKeyId, secretAccessKey: DEFAULT_OPERATOR.secretAccessKey },
      caller: { accountId: ACCOUNT, principalArn: `arn:aws:iam::${ACCOUNT}:user/operator`, arn: `arn:aws:iam::${ACCOUNT}:user/operator`, accessKeyId: DEFAULT_OPERATOR.accessKeyId },
    },
    assetsDir: path.join(stateDir, 'assets'),
  };
});

afterAll(async () => {
  await local.close();
  for (const dir of [stateDir, workspace]) rmSync(dir, { recursive: true, force: true });
});

describe('the local cdk-assets publish', () => {
  it('puts a file asset into the bootstrap bucket with its exact bytes', async () => {
    // Act
    const result = await publish('template');

    // Assess
    expect(result).toMatchObject({ code: 0, output: expect.stringContaining(`Published template:${ACCOUNT}-${REGION} to s3://${bootstrap.assetsBucket}/template.json`) });
    expect((await objectBytes(bootstrap.assetsBucket, 'template.json')).toString('utf8')).toBe(TEMPLATE);
  });

  it('puts a zip asset of a directory as a zip archive that lists the directory files', async () => {
    // Prepare
    const downloaded = path.join(workspace, 'downloaded.zip');

    // Act
    const result = await publish('fn');

    // Assess
    expect(result.code).toBe(0);
    writeFileSync(downloaded, await objectBytes(bootstrap.assetsBucket, 'fn.zip'));
    const listing = execFileSync('unzip', ['-l', downloaded]).toString('utf8');
    expect(listing).toMatch(/\sindex\.js\n/);
    expect(listing).toMatch(/\slib\/util\.js\n/);
    expect(listing).toMatch(/\s2 files\n/);
    expect(execFileSync('unzip', ['-p', downloaded, 'lib/util.js']).toString('utf8')).toBe('exports.answer = 42;\n');
  });

  it('keeps registering the directory of a zip asset, so Lambda code still resolves to it', async () => {
    // Act
    await publish('fn');

    // Assess
    const registered = await findAsset(local.store, bootstrap.assetsBucket, 'fn.zip');
    expect(registered?.packaging).toBe('zip');
    expect(readFileSync(path.join(registered?.path ?? '', 'lib', 'util.js'), 'utf8')).toBe('exports.answer = 42;\n');
  });

  it('refuses a destination the publishing role may not write, and leaves no object there', async () => {
    // Act
    const result = await publish('elsewhere');
    const read = await s3().send(new GetObjectCommand({ Bucket: OTHER_BUCKET, Key: 'stolen.json' })).catch((error: Error) => error);

    // Assess
    expect(result.code).toBe(1);
    expect(result.output).toContain(`s3://${OTHER_BUCKET}/stolen.json: AccessDenied:`);
    expect(result.output).toContain(`is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::${OTHER_BUCKET}/stolen.json`);
    expect(read).toMatchObject({ name: 'NoSuchKey' });
    expect(await findAsset(local.store, OTHER_BUCKET, 'stolen.json')).toBeUndefined();
  });

  it('cdk deploy publishes the stack template asset into the bootstrap bucket before it deploys', async () => {
    // Act
    const result = await runTool(session, 'cdk', ['-a', 'deploy.out', 'deploy', 'Stack', '--require-approval=never'], workspace);

    // Assess
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`Published template:${ACCOUNT}-${REGION} to s3://${bootstrap.assetsBucket}/deployed-template.json`);
    expect((await objectBytes(bootstrap.assetsBucket, 'deployed-template.json')).toString('utf8')).toBe(TEMPLATE);
  });
});
