import { AccountClient, ListRegionsCommand, type ListRegionsCommandInput } from '@aws-sdk/client-account';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeKeyring } from './fake-kms';
import type { FakeOrganization } from './fake-org';

/** An error shaped like the SDK's service exceptions (name and $metadata). */
export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

const PAGE = 2;

function page<T>(items: T[], token: string | undefined): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const next = start + PAGE < items.length ? String(start + PAGE) : undefined;
  return { items: items.slice(start, start + PAGE), next };
}

/**
 * One in-memory AWS behind aws-sdk-client-mock, shared by the real handlers and the local
 * engine's S3 port: an organization, an S3 object map, STS with per-account denials,
 * KMS with real authenticated encryption, SNS that records what was published. Lists
 * are paged two items at a time so every caller must follow NextToken.
 */
export class FakeAws {
  public readonly objects = new Map<string, string>();
  public readonly assumeRoleCalls: AssumeRoleCommandInput[] = [];
  public readonly published: PublishCommandInput[] = [];
  public readonly kmsCalls = { encrypt: 0, decrypt: 0 };
  /** Accounts whose member role does not exist (AssumeRole → AccessDenied). */
  public readonly missingRoleAccounts = new Set<string>();
  private readonly keyring = new FakeKeyring();
  private readonly mocks: Array<{ restore(): void }> = [];

  public constructor(
    private readonly org: FakeOrganization,
    private readonly workerRoles: Record<string, string>,
  ) {
    this.mockS3();
    this.mockIdentity();
    this.mockOrganizations();
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).callsFake((input: PublishCommandInput) => {
      this.published.push(input);
      return { MessageId: `msg-${this.published.length}` };
    });
    const cfn = mockClient(CloudFormationClient);
    cfn.on(ListStacksCommand).resolves({ StackSummaries: [] });
    this.mocks.push(sns, cfn);
  }

  public restore(): void {
    for (const m of this.mocks) m.restore();
  }

  public getObject(bucket: string, key: string): string {
    const body = this.objects.get(`${bucket}/${key}`);
    if (body === undefined) throw awsError('NoSuchKey', `The specified key does not exist: ${key}`, 404);
    return body;
  }

  public putObject(bucket: string, key: string, body: string): void {
    this.objects.set(`${bucket}/${key}`, body);
  }

  private mockS3(): void {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).callsFake((input: { Bucket: string; Key: string; Body: unknown; IfNoneMatch?: string }) => {
      if (input.IfNoneMatch === '*' && this.objects.has(`${input.Bucket}/${input.Key}`)) {
        throw awsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
      }
      this.putObject(input.Bucket, input.Key, typeof input.Body === 'string' ? input.Body : Buffer.from(input.Body as Uint8Array).toString('utf-8'));
      return { ETag: '"etag"' };
    });
    s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
      const text = this.getObject(input.Bucket, input.Key);
      return {
        Body: {
          transformToString: async () => text,
          transformToByteArray: async () => new Uint8Array(Buffer.from(text)),
        },
        ContentLength: Buffer.byteLength(text),
      };
    });
    s3.on(HeadObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
      const text = this.getObject(input.Bucket, input.Key);
      return { ContentLength: Buffer.byteLength(text) };
    });
    this.mocks.push(s3);
  }

  private mockIdentity(): void {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).callsFake((input: AssumeRoleCommandInput) => {
      this.assumeRoleCalls.push(input);
      const account = /^arn:aws:iam::(\d{12}):role\//.exec(input.RoleArn ?? '')?.[1] ?? '';
      if (this.missingRoleAccounts.has(account)) {
        throw awsError('AccessDenied', `User is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, 403);
      }
      const n = this.assumeRoleCalls.length;
      return {
        Credentials: {
          AccessKeyId: `ASIAFAKE${String(n).padStart(8, '0')}`,
          SecretAccessKey: `secret-${account}-${n}-do-not-leak`,
          SessionToken: `token-${account}-${n}-do-not-leak`,
          Expiration: new Date(Date.now() + 3600_000),
        },
        AssumedRoleUser: { Arn: `arn:aws:sts::${account}:assumed-role/x/${input.RoleSessionName}`, AssumedRoleId: 'AROA:x' },
      };
    });
    const kms = mockClient(KMSClient);
    kms.on(EncryptCommand).callsFake((input: { KeyId: string; Plaintext: Uint8Array; EncryptionContext?: Record<string, string> }) => {
      this.kmsCalls.encrypt++;
      return { CiphertextBlob: this.keyring.encrypt(input.Plaintext, input.EncryptionContext), KeyId: input.KeyId };
    });
    kms.on(DecryptCommand).callsFake((input: { CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string> }) => {
      this.kmsCalls.decrypt++;
      return { Plaintext: this.keyring.decrypt(input.CiphertextBlob, input.EncryptionContext) };
    });
    const lambda = mockClient(LambdaClient);
    lambda.on(GetFunctionConfigurationCommand).callsFake((input: { FunctionName: string }) => {
      const name = input.FunctionName.split(':function:').pop()!.split(':')[0];
      const role = this.workerRoles[name];
      if (!role) throw awsError('ResourceNotFoundException', `Function not found: ${input.FunctionName}`, 404);
      return { FunctionName: name, Role: role };
    });
    this.mocks.push(sts, kms, lambda);
  }

  private mockOrganizations(): void {
    const org = this.org;
    const toAccount = (a: FakeOrganization['accounts'][number]) => ({
      Id: a.Id,
      Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${a.Id}`,
      Name: a.Name,
      Email: `${a.Name}@example.com`,
      Status: a.Status,
      State: a.Status,
    });
    const organizations = mockClient(OrganizationsClient);
    organizations.on(DescribeOrganizationCommand).resolves({
      Organization: { Id: org.id, MasterAccountId: org.managementAccountId },
    });
    organizations.on(ListRootsCommand).resolves({ Roots: [{ Id: org.rootId, Name: 'Root' }] });
    organizations.on(ListAccountsCommand).callsFake((input: { NextToken?: string }) => {
      const p = page(org.accounts.map(toAccount), input.NextToken);
      return { Accounts: p.items, NextToken: p.next };
    });
    organizations.on(ListAccountsForParentCommand).callsFake((input: { ParentId: string; NextToken?: string }) => {
      const p = page(org.accounts.filter((a) => a.Parent === input.ParentId).map(toAccount), input.NextToken);
      return { Accounts: p.items, NextToken: p.next };
    });
    organizations.on(ListOrganizationalUnitsForParentCommand).callsFake((input: { ParentId: string; NextToken?: string }) => {
      const p = page(org.ous.filter((o) => o.Parent === input.ParentId).map(({ Id, Name }) => ({ Id, Name })), input.NextToken);
      return { OrganizationalUnits: p.items, NextToken: p.next };
    });
    const account = mockClient(AccountClient);
    account.on(ListRegionsCommand).callsFake((input: ListRegionsCommandInput) => {
      const owner = org.accounts.find((a) => a.Id === (input.AccountId ?? org.managementAccountId));
      if (!owner) throw awsError('AccessDeniedException', `No account ${input.AccountId}`, 403);
      const wanted = input.RegionOptStatusContains;
      const regions = Object.entries(owner.Regions)
        .map(([RegionName, RegionOptStatus]) => ({ RegionName, RegionOptStatus }))
        .filter((r) => !wanted || wanted.includes(r.RegionOptStatus));
      const p = page(regions, input.NextToken);
      return { Regions: p.items, NextToken: p.next };
    });
    this.mocks.push(organizations, account);
  }
}
