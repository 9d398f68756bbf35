import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';

export type ResultsAccess = 'read' | 'write';

/**
 * Grants exact object actions under one key prefix of the results bucket, instead of the
 * wildcard action sets of `bucket.grantReadWrite` (no delete, no bucket-level reads).
 */
export function grantResultsAccess(
  role: iam.IRole,
  bucket: s3.IBucket,
  prefix: string,
  access: readonly ResultsAccess[],
): void {
  const actions = [
    ...(access.includes('read') ? ['s3:GetObject'] : []),
    ...(access.includes('write') ? ['s3:PutObject'] : []),
  ];
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [bucket.arnForObjects(`${prefix}*`)] }));
  if (access.includes('read')) {
    // Without ListBucket a missing object reads as AccessDenied instead of NoSuchKey.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': `${prefix}*` } },
      }),
    );
  }
}
