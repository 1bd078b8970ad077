/**
 * The stack's CloudFormation output keys. They are a contract: `facegate aws outputs`,
 * `facegate faces import --engine aws` and `facegate soracom setup --from-aws` read them by
 * these names (docs/aws.md lists them), so change them only together with apps/cli/src/aws/.
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
