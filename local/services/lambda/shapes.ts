import type { FunctionRecord } from './functions';

/** FunctionConfiguration as GetFunctionConfiguration, CreateFunction and ListFunctions answer it. */
export function configurationOf(record: FunctionRecord): Record<string, unknown> {
  return {
    FunctionName: record.functionName,
    FunctionArn: record.functionArn,
    Runtime: record.runtime,
    Role: record.roleArn,
    Handler: record.handler,
    CodeSize: record.codeSize,
    Description: record.description,
    Timeout: record.timeoutSeconds,
    MemorySize: record.memorySize,
    LastModified: record.lastModified,
    CodeSha256: record.codeSha256,
    Version: '$LATEST',
    Environment: { Variables: { ...record.environment } },
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: record.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${record.functionName}` },
  };
}

/** GetFunction: the configuration, where the code is, and the tags. */
export function functionOutputOf(record: FunctionRecord): Record<string, unknown> {
  return {
    Configuration: configurationOf(record),
    // The code is a local folder, not a presigned URL: a file URL says where it is.
    Code: { RepositoryType: 'S3', Location: `file://${record.codeDirectory}` },
    Tags: { ...record.tags },
  };
}

/** The function's resource policy as GetPolicy returns it (JSON text). */
export function policyTextOf(record: FunctionRecord): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: record.policyStatements });
}
