import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accessLogsBucket } from '../orchestrator/access-logs-bucket';

/**
 * The pipeline's artifact store: source snapshots and cloud assemblies. A customer-managed key
 * (rotated) encrypts it, and CodeBuild projects bound to a pipeline whose bucket has a key
 * encrypt their own output with that key too; reads and writes are logged to a second bucket.
 */
export class PipelineArtifactsBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly key: kms.Key;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'step-everywhere pipeline artifacts',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const accessLogs = accessLogsBucket(this, 'AccessLogs', 'pipeline artifacts');
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'artifacts/',
      // Artifacts only matter to the execution that made them; old ones are never read again.
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
