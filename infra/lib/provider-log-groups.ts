/**
 * Log groups for the Lambda that CDK adds to empty buckets on delete (autoDeleteObjects).
 * That function is created by CDK without a log group, so Lambda would create
 * `/aws/lambda/<name>` on first run and it would outlive `cdk destroy`. Declaring the group
 * in the stack, before the function ever runs, makes it part of the stack and deleted with it.
 * @module
 */
import { CfnResource, Fn, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';

const PROVIDER_ID = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';

/**
 * Adds the log group of the auto-delete provider, and makes each bucket's auto-delete custom
 * resource wait for it so that no invocation can create the group first.
 * Call after every bucket is defined; does nothing when no bucket uses autoDeleteObjects.
 */
export function adoptAutoDeleteLogs(
  stack: Stack,
  buckets: s3.IBucket[],
): logs.LogGroup | undefined {
  const handler = stack.node.tryFindChild(PROVIDER_ID)?.node.tryFindChild('Handler');
  if (!(handler instanceof CfnResource)) return undefined;
  const logGroup = new logs.LogGroup(stack, 'AutoDeleteObjectsLogGroup', {
    // Ref of a function is its name, which CloudFormation generates.
    logGroupName: Fn.join('', ['/aws/lambda/', handler.ref]),
    retention: logs.RetentionDays.ONE_WEEK,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  for (const bucket of buckets) {
    bucket.node.tryFindChild('AutoDeleteObjectsCustomResource')?.node.addDependency(logGroup);
  }
  return logGroup;
}
