/**
 * The private bucket the faces are indexed from (IndexFaces with Image.S3Object), as the
 * hands-on's step 2 creates by hand: no public access, encrypted, TLS only, and emptied and
 * deleted with the stack.
 * @module
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** The photo bucket. Objects are `<person>/<file>` as `facegate faces import --engine aws` writes them. */
export class PhotoBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The stack owns its data: `npm run aws:destroy` must leave nothing behind.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
  }
}
