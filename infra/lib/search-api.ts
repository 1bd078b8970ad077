/**
 * The API Gateway REST API in front of the Search function, as the hands-on's step 3 builds
 * it in the console: `/search` POST through a Lambda proxy integration with an API key
 * required, OPTIONS answered for CORS without a key, stage `prod`, an API key in a usage plan,
 * and, when source CIDRs are given, a resource policy refusing every other source.
 * @module
 */
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { QuotaPeriod } from './config.js';

export interface SearchApiProps {
  /** The function answering `POST /search`. */
  handler: lambda.IFunction;
  /** Name shown in the API Gateway console. */
  apiName: string;
  rateLimit: number;
  burstLimit: number;
  quotaLimit: number;
  quotaPeriod: QuotaPeriod;
  /** Source CIDRs allowed to invoke the API; empty = any source. */
  allowSources: string[];
}

/** Stage name, as in the hands-on's `https://.../prod/search`. */
export const STAGE_NAME = 'prod';

/** The REST API, its key and its usage plan. */
export class SearchApi extends Construct {
  readonly api: apigw.RestApi;
  readonly apiKey: apigw.IApiKey;
  readonly usagePlan: apigw.UsagePlan;
  /** `https://<id>.execute-api.<region>.amazonaws.com/prod/search`. */
  readonly searchUrl: string;

  constructor(scope: Construct, id: string, props: SearchApiProps) {
    super(scope, id);
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: props.apiName,
      description: 'facegate Search API',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      apiKeySourceType: apigw.ApiKeySourceType.HEADER,
      // The Search API also takes raw images and multipart uploads beside the hands-on's JSON;
      // without these, API Gateway would hand their bytes to the Lambda mangled as text.
      binaryMediaTypes: [
        'image/jpeg',
        'image/png',
        'application/octet-stream',
        'multipart/form-data',
      ],
      // The account-wide CloudWatch role CDK would add is retained on delete: leave none behind.
      cloudWatchRole: false,
      deployOptions: { stageName: STAGE_NAME },
      // Browsers send the preflight without the key, so OPTIONS must not require one.
      defaultCorsPreflightOptions: {
        allowOrigins: apigw.Cors.ALL_ORIGINS,
        allowMethods: ['POST', 'OPTIONS'],
        allowHeaders: [
          'Content-Type',
          'X-Api-Key',
          'Authorization',
          'X-Amz-Date',
          'X-Amz-Security-Token',
        ],
      },
      policy: props.allowSources.length > 0 ? sourceAllowlistPolicy(props.allowSources) : undefined,
    });
    // API Gateway's own 403/429 answers carry no CORS header by default, and a page cannot
    // read an answer without one (SPEC: every response carries Access-Control-Allow-Origin).
    for (const type of [apigw.ResponseType.DEFAULT_4XX, apigw.ResponseType.DEFAULT_5XX]) {
      this.api.addGatewayResponse(
        type === apigw.ResponseType.DEFAULT_4XX ? 'Default4xx' : 'Default5xx',
        {
          type,
          responseHeaders: { 'Access-Control-Allow-Origin': "'*'" },
        },
      );
    }

    const search = this.api.root.addResource('search');
    search.addMethod('POST', new apigw.LambdaIntegration(props.handler, { proxy: true }), {
      apiKeyRequired: true,
    });

    this.apiKey = new apigw.ApiKey(this, 'ApiKey', {
      description: 'facegate Search API key (x-api-key)',
      enabled: true,
    });
    this.usagePlan = this.api.addUsagePlan('UsagePlan', {
      description: 'facegate Search API usage plan',
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      quota: { limit: props.quotaLimit, period: apigw.Period[props.quotaPeriod] },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    this.usagePlan.addApiKey(this.apiKey);
    this.searchUrl = this.api.urlForPath('/search');
  }
}

/**
 * Allows execute-api:Invoke, then denies it to every source outside `cidrs`; an explicit deny
 * wins over the allow, so only the listed sources (e.g. a SORACOM gateway's fixed IP) get in.
 */
export function sourceAllowlistPolicy(cidrs: string[]): iam.PolicyDocument {
  const resources = ['execute-api:/*'];
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'AllowInvoke',
        effect: iam.Effect.ALLOW,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources,
      }),
      new iam.PolicyStatement({
        sid: 'DenyOtherSources',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources,
        conditions: { NotIpAddress: { 'aws:SourceIp': cidrs } },
      }),
    ],
  });
}
