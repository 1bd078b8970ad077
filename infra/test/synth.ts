/**
 * Test helper: builds the facegate stack from a context exactly as bin/facegate.ts does, and
 * synthesizes it once into a temporary cloud assembly (bundling the Lambda takes a while, so
 * each test file synthesizes once and asserts many things on the result).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { readConfig, type FacegateConfig } from '../lib/config.js';
import { FacegateStack } from '../lib/facegate-stack.js';

export interface Synthesized {
  stack: FacegateStack;
  config: FacegateConfig;
  template: Template;
  /** Cloud assembly folder (holds `asset.<hash>/` folders). */
  outdir: string;
  /** Logical id of a construct's CloudFormation resource. */
  logicalId(construct: IConstruct): string;
  cleanup(): void;
}

/** Synthesizes the stack for the given context (`-c` values) into a temporary folder. */
export function synthFacegate(context: Record<string, string>): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'facegate-cdk-'));
  const app = new App({ outdir, context });
  const config = readConfig(app.node);
  const stack = new FacegateStack(app, config.stackName, { config, stackName: config.stackName });
  const template = Template.fromStack(stack);
  return {
    stack,
    config,
    template,
    outdir,
    logicalId: (construct) => logicalIdOf(stack, construct),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

function logicalIdOf(stack: Stack, construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return stack.getLogicalId(element);
}

/** Every IAM statement of a template, from policies and from roles' inline policies. */
export function allStatements(template: Template): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const docs: unknown[] = [];
  for (const res of Object.values(template.findResources('AWS::IAM::Policy'))) {
    docs.push((res as { Properties: { PolicyDocument: unknown } }).Properties.PolicyDocument);
  }
  for (const res of Object.values(template.findResources('AWS::IAM::Role'))) {
    const policies = (res as { Properties: { Policies?: Array<{ PolicyDocument: unknown }> } })
      .Properties.Policies;
    for (const p of policies ?? []) docs.push(p.PolicyDocument);
  }
  for (const doc of docs) {
    for (const s of (doc as { Statement: Array<Record<string, unknown>> }).Statement) out.push(s);
  }
  return out;
}

/** A statement's actions as an array, whether written as one string or a list. */
export function actionsOf(statement: Record<string, unknown>): string[] {
  const a = statement['Action'];
  return Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)];
}
