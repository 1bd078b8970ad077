/**
 * SIM identity on AWS (issue 15), added to the stack only when asked for (`-c simAuth=true`):
 * a `/sim/search` resource that API Gateway serves without an API key, throttled per method,
 * whose requests the Search Lambda admits only from SIMs that SORACOM vouched for (a Beam
 * signature made with the PSK kept in Secrets Manager, or an Endorse token checked against the
 * configured key set) and that are on the allowlist. Nothing here changes the keyed `/search`.
 * @module
 */
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SimAuthSettings } from './config.js';

export interface SimIdentityProps {
  settings: SimAuthSettings;
  /** The Search function (its environment and permissions are extended). */
  handler: lambda.Function;
  api: apigw.RestApi;
  /** Steady rate and burst for `/sim/search` as a whole (API Gateway's method throttling). */
  rateLimit: number;
  burstLimit: number;
}

/** The Parameters and Secrets extension the Lambda reads the PSK through (no SDK bundled). */
export function secretsExtension(): lambda.ParamsAndSecretsLayerVersion {
  return lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
    cacheEnabled: true,
    cacheSize: 10,
  });
}

export class SimIdentity extends Construct {
  readonly resource: apigw.Resource;
  readonly pskSecret?: secretsmanager.ISecret;
  /** `https://<id>.execute-api.<region>.amazonaws.com/prod/sim/search`. */
  readonly searchUrl: string;

  constructor(scope: Construct, id: string, props: SimIdentityProps) {
    super(scope, id);
    const { settings, handler, api } = props;
    handler.addEnvironment('FACEGATE_SIM_AUTH', 'on');
    handler.addEnvironment('FACEGATE_SIM_ALLOWLIST', settings.allowlist);
    if (settings.endorseJwksUrl)
      handler.addEnvironment('FACEGATE_ENDORSE_JWKS_URL', settings.endorseJwksUrl);
    if (settings.endorseKeyUrl)
      handler.addEnvironment('FACEGATE_ENDORSE_KEY_URL', settings.endorseKeyUrl);
    if (settings.beamPskSecret) {
      // The secret is made outside the stack (its value must never be in a template).
      this.pskSecret = secretsmanager.Secret.fromSecretNameV2(
        this,
        'BeamPsk',
        settings.beamPskSecret,
      );
      this.pskSecret.grantRead(handler);
      handler.addEnvironment('FACEGATE_BEAM_PSK_SECRET', settings.beamPskSecret);
    }

    // No API key: the SIM is the credential. The Endorse header must pass the preflight.
    const sim = api.root.addResource('sim', {
      defaultCorsPreflightOptions: {
        allowOrigins: apigw.Cors.ALL_ORIGINS,
        allowMethods: ['POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization', 'X-Soracom-Endorse-Token'],
      },
    });
    this.resource = sim.addResource('search');
    this.resource.addMethod('POST', new apigw.LambdaIntegration(handler, { proxy: true }), {
      apiKeyRequired: false,
    });
    // Usage plans only meter keyed requests: keyless ones are held by method throttling.
    const stage = api.deploymentStage.node.defaultChild as apigw.CfnStage;
    stage.addPropertyOverride('MethodSettings', [
      {
        ResourcePath: '/~1sim~1search',
        HttpMethod: 'POST',
        ThrottlingRateLimit: props.rateLimit,
        ThrottlingBurstLimit: props.burstLimit,
      },
    ]);
    this.searchUrl = api.urlForPath('/sim/search');
  }
}
