/**
 * facegate on AWS, one stack: the photo bucket and the face collection of the hands-on's
 * step 2, the Search API Lambda behind API Gateway of step 3, the phone app's website of
 * step 5, and everything deleted by one `cdk destroy` (step 6).
 * @module
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FacegateConfig } from './config.js';
import { FaceCollection } from './face-collection.js';
import { OUTPUT_KEYS } from './output-keys.js';
import { PhotoBucket } from './photo-bucket.js';
import { adoptAutoDeleteLogs } from './provider-log-groups.js';
import { SearchApi, STAGE_NAME } from './search-api.js';
import { SearchFunction } from './search-function.js';
import { secretsExtension, SimIdentity } from './sim-identity.js';

/** Output key of the SIM endpoint (only with simAuth). */
export const OUTPUT_KEYS_SIM = { simSearchUrl: 'SimSearchUrl' } as const;
import { WebSite } from './web-site.js';

export interface FacegateStackProps extends StackProps {
  config: FacegateConfig;
}

/** The whole facegate deployment. Read the constructor as its table of contents. */
export class FacegateStack extends Stack {
  readonly photos: PhotoBucket;
  readonly collection: FaceCollection;
  readonly search: SearchFunction;
  readonly api: SearchApi;
  readonly website?: WebSite;
  readonly sim?: SimIdentity;

  constructor(scope: Construct, id: string, props: FacegateStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.photos = new PhotoBucket(this, 'Photos');
    this.collection = new FaceCollection(this, 'Collection', { collectionId: config.collectionId });
    this.search = new SearchFunction(this, 'Search', {
      entry: config.lambdaEntry,
      repoRoot: config.repoRoot,
      collectionId: config.collectionId,
      collectionArn: this.collection.collectionArn,
      stageName: STAGE_NAME,
      ...(config.simAuth?.beamPskSecret ? { paramsAndSecrets: secretsExtension() } : {}),
    });
    this.api = new SearchApi(this, 'SearchApi', {
      handler: this.search.function,
      apiName: `${config.stackName}-search`,
      rateLimit: config.rateLimit,
      burstLimit: config.burstLimit,
      quotaLimit: config.quotaLimit,
      quotaPeriod: config.quotaPeriod,
      allowSources: config.allowSources,
    });
    if (config.simAuth) {
      this.sim = new SimIdentity(this, 'SimIdentity', {
        settings: config.simAuth,
        handler: this.search.function,
        api: this.api.api,
        rateLimit: config.rateLimit,
        burstLimit: config.burstLimit,
      });
      this.output(
        OUTPUT_KEYS_SIM.simSearchUrl,
        this.sim.searchUrl,
        'POST endpoint for SIMs (Beam, Endorse; no key)',
      );
    }
    if (config.website) this.website = new WebSite(this, 'Web', { distDir: config.webDist });
    adoptAutoDeleteLogs(this, [this.photos.bucket, ...(this.website ? [this.website.bucket] : [])]);

    this.output(OUTPUT_KEYS.searchUrl, this.api.searchUrl, 'POST endpoint of the Search API');
    this.output(
      OUTPUT_KEYS.apiKeyId,
      this.api.apiKey.keyId,
      'API key id (value: facegate aws outputs)',
    );
    if (this.website) {
      this.output(
        OUTPUT_KEYS.websiteUrl,
        this.website.bucket.bucketWebsiteUrl,
        'Phone web app (HTTP)',
      );
    }
    this.output(
      OUTPUT_KEYS.collectionId,
      this.collection.collectionId,
      'Rekognition collection id',
    );
    this.output(
      OUTPUT_KEYS.bucketName,
      this.photos.bucket.bucketName,
      'Photo bucket for IndexFaces',
    );
  }

  private output(key: string, value: string, description: string): void {
    new CfnOutput(this, key, { value, description });
  }
}
