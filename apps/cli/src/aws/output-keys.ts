/**
 * The facegate stack's CloudFormation output keys: a contract between the CDK app (infra/, which
 * re-exports this) and `facegate aws outputs`, `faces import --engine aws` and
 * `soracom setup --from-aws`, which read the outputs by these names (docs/aws.md lists them).
 * @module
 */
export const OUTPUT_KEYS = {
  /** `https://<api>.execute-api.<region>.amazonaws.com/prod/search` */
  searchUrl: 'SearchUrl',
  /** The API key's id; its value is read with GetApiKey includeValue, never output. */
  apiKeyId: 'ApiKeyId',
  /** `http://<bucket>.s3-website-<region>.amazonaws.com` (only with the website on). */
  websiteUrl: 'WebsiteUrl',
  /** The Rekognition collection id. */
  collectionId: 'CollectionId',
  /** The photo bucket the faces are indexed from. */
  bucketName: 'BucketName',
} as const;
