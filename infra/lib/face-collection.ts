/**
 * The Rekognition face collection (`aws rekognition create-collection` in the hands-on),
 * deleted with the stack together with every face indexed into it.
 * @module
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as rekognition from 'aws-cdk-lib/aws-rekognition';
import { Construct } from 'constructs';

export interface FaceCollectionProps {
  /** Rekognition CollectionId, `[a-zA-Z0-9_.-]{1,255}`. */
  collectionId: string;
}

/** An `AWS::Rekognition::Collection` with its id and ARN at hand for IAM and outputs. */
export class FaceCollection extends Construct {
  readonly collectionId: string;
  /** `arn:aws:rekognition:<region>:<account>:collection/<id>`, as a CloudFormation attribute. */
  readonly collectionArn: string;

  constructor(scope: Construct, id: string, props: FaceCollectionProps) {
    super(scope, id);
    const collection = new rekognition.CfnCollection(this, 'Resource', {
      collectionId: props.collectionId,
    });
    collection.applyRemovalPolicy(RemovalPolicy.DESTROY);
    this.collectionId = collection.ref;
    this.collectionArn = collection.attrArn;
  }
}
