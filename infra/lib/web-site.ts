/**
 * The phone web app on an S3 static website over plain HTTP, as the hands-on serves it: the
 * SORACOM metadata service is HTTP only, and a page loaded over HTTPS may not call it.
 * @module
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

export interface WebSiteProps {
  /** Built web app (apps/web/dist); when it has no index.html the upload is skipped with a warning. */
  distDir: string;
}

/** A public-read website bucket and, when the app is built, its upload. */
export class WebSite extends Construct {
  readonly bucket: s3.Bucket;
  /** Undefined when the app was not built. */
  readonly deployment?: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      websiteIndexDocument: 'index.html',
      websiteErrorDocument: 'index.html',
      encryption: s3.BucketEncryption.S3_MANAGED,
      // Only ACLs stay blocked: the website needs a public bucket policy. No enforceSSL here,
      // since website endpoints are HTTP only and the policy would refuse every page load.
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PublicReadObjects',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );

    if (!existsSync(path.join(props.distDir, 'index.html'))) {
      Annotations.of(this).addWarningV2(
        'facegate:webAppNotBuilt',
        `${props.distDir} has no index.html: the website bucket is created empty. ` +
          'Build the web app (npm run build --workspace=apps/web) and deploy again.',
      );
      return;
    }
    this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [s3deploy.Source.asset(props.distDir)],
      destinationBucket: this.bucket,
      memoryLimit: 256,
      // The copier's own logs go with the stack too.
      logGroup: new logs.LogGroup(this, 'DeployLogGroup', {
        retention: logs.RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
  }
}
