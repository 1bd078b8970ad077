/** Context parsing and the stack's refusals, without synthesizing anything. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCidrs, readConfig } from '../lib/config.js';
import { FacegateStack } from '../lib/facegate-stack.js';

// Every App makes its output folder when constructed: keep them all in one temporary folder.
const outdir = mkdtempSync(path.join(tmpdir(), 'facegate-cdk-config-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const appWith = (context: Record<string, unknown>) => new App({ context, outdir });
const configFrom = (context: Record<string, unknown>) => readConfig(appWith(context).node);

describe('readConfig', () => {
  it('has the documented defaults', () => {
    const c = configFrom({});
    expect(c).toMatchObject({
      stackName: 'Facegate',
      collectionId: 'facegate',
      rateLimit: 10,
      burstLimit: 20,
      quotaLimit: 1000,
      quotaPeriod: 'DAY',
      allowSources: [],
      website: true,
    });
    expect(c.lambdaEntry).toMatch(/apps\/lambda\/src\/index\.ts$/);
    expect(c.webDist).toMatch(/apps\/web\/dist$/);
  });

  it('reads -c strings and cdk.json values alike', () => {
    expect(configFrom({ website: 'false' }).website).toBe(false);
    expect(configFrom({ website: false }).website).toBe(false);
    expect(configFrom({ allowSources: ['9.9.9.9'] }).allowSources).toEqual(['9.9.9.9/32']);
  });

  it('refuses bad values, naming the context key', () => {
    expect(() => configFrom({ collectionId: 'no spaces' })).toThrow(/collectionId/);
    expect(() => configFrom({ stackName: '1bad' })).toThrow(/stackName/);
    expect(() => configFrom({ rateLimit: '-1' })).toThrow(/rateLimit/);
    expect(() => configFrom({ burstLimit: '2.5' })).toThrow(/burstLimit/);
    expect(() => configFrom({ quotaPeriod: 'YEAR' })).toThrow(/quotaPeriod/);
    expect(() => configFrom({ website: 'maybe' })).toThrow(/website/);
  });
});

describe('parseCidrs', () => {
  it('splits, trims and completes CIDRs', () => {
    expect(parseCidrs('1.2.3.4/32, 10.0.0.0/8,5.6.7.8')).toEqual([
      '1.2.3.4/32',
      '10.0.0.0/8',
      '5.6.7.8/32',
    ]);
    expect(parseCidrs('')).toEqual([]);
    expect(parseCidrs(undefined)).toEqual([]);
  });

  it('refuses what is not an IPv4 CIDR', () => {
    expect(() => parseCidrs('1.2.3.256/32')).toThrow(/allowSources/);
    expect(() => parseCidrs('1.2.3.4/33')).toThrow(/allowSources/);
    expect(() => parseCidrs('example.com')).toThrow(/allowSources/);
  });
});

describe('FacegateStack', () => {
  it('says clearly when the Lambda entry is missing', () => {
    const app = appWith({ lambdaEntry: 'apps/lambda/src/missing.ts', website: 'false' });
    const config = readConfig(app.node);
    expect(() => new FacegateStack(app, 'Missing', { config })).toThrow(
      /Lambda entry not found: apps\/lambda\/src\/missing\.ts/,
    );
  });
});
