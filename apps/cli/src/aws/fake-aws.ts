/**
 * Test helper: a loopback server answering CloudFormation DescribeStacks (AWS query protocol,
 * XML) and API Gateway GetApiKey (REST JSON) with the shapes AWS answers, and recording every
 * request so tests can assert what the SDK sent. Not for production use.
 * @module
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeStack {
  name: string;
  status?: string;
  outputs: Record<string, string>;
}

export interface FakeAws {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function describeStacksXml(stack: FakeStack): string {
  const outputs = Object.entries(stack.outputs)
    .map(
      ([k, v]) =>
        `<member><OutputKey>${xml(k)}</OutputKey><OutputValue>${xml(v)}</OutputValue></member>`,
    )
    .join('');
  return (
    `<DescribeStacksResponse xmlns="${NS}"><DescribeStacksResult><Stacks><member>` +
    `<StackName>${xml(stack.name)}</StackName>` +
    `<StackId>arn:aws:cloudformation:ap-northeast-1:123456789012:stack/${xml(stack.name)}/0f1e2d3c</StackId>` +
    `<CreationTime>2026-11-26T10:00:00.000Z</CreationTime>` +
    `<StackStatus>${stack.status ?? 'CREATE_COMPLETE'}</StackStatus>` +
    `<Outputs>${outputs}</Outputs>` +
    `</member></Stacks></DescribeStacksResult>` +
    `<ResponseMetadata><RequestId>b9b4d0a8-0000-4000-8000-000000000001</RequestId></ResponseMetadata></DescribeStacksResponse>`
  );
}

function validationErrorXml(message: string): string {
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>ValidationError</Code>` +
    `<Message>${xml(message)}</Message></Error><RequestId>b9b4d0a8-0000-4000-8000-000000000002</RequestId></ErrorResponse>`
  );
}

/** Starts the fake on 127.0.0.1 with the given stacks and API keys (id -> value). */
export async function startFakeAws(
  stacks: FakeStack[],
  apiKeys: Record<string, string>,
): Promise<FakeAws> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      });
      if (req.method === 'POST' && url.pathname === '/') {
        const form = new URLSearchParams(body);
        const stack = stacks.find((s) => s.name === form.get('StackName'));
        res.setHeader('content-type', 'text/xml');
        if (form.get('Action') !== 'DescribeStacks' || !stack) {
          res.statusCode = 400;
          res.end(
            validationErrorXml(`Stack with id ${form.get('StackName') ?? ''} does not exist`),
          );
          return;
        }
        res.end(describeStacksXml(stack));
        return;
      }
      const key = /^\/apikeys\/([^/]+)$/.exec(url.pathname);
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && key && apiKeys[decodeURIComponent(key[1]!)] !== undefined) {
        const id = decodeURIComponent(key[1]!);
        const withValue = url.searchParams.get('includeValue') === 'true';
        res.end(
          JSON.stringify({
            id,
            name: 'facegate',
            enabled: true,
            createdDate: 1795600000,
            stageKeys: [],
            ...(withValue ? { value: apiKeys[id] } : {}),
          }),
        );
        return;
      }
      res.statusCode = 404;
      res.setHeader('x-amzn-errortype', 'NotFoundException');
      res.end(JSON.stringify({ message: 'Invalid API Key identifier specified' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
