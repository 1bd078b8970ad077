/**
 * A small typed client for the SORACOM API subset facegate provisions with (contract D).
 * It authenticates with an AuthKey, then sends `X-Soracom-API-Key` and `X-Soracom-Token` on
 * every call. It logs nothing; errors carry SORACOM's code and message, never a credential.
 * @module
 */
import { SoracomApiError } from '../errors.js';
import type { AuthResponse, ConfigurationParameter, Group, Subscriber } from '../types.js';
import type { AuthKeyCredentials } from './credentials.js';
import { fetchTransport, type SoracomRequest, type Transport } from './transport.js';

export interface SoracomClientOptions {
  /** Base URL ending in `/v1`, e.g. `https://api.soracom.io/v1` or the emulator's `apiUrl`. */
  endpoint: string;
  transport?: Transport;
  /** Sent as `X-Soracom-Lang` so error messages come in that language. Default `en`. */
  lang?: 'en' | 'ja';
}

/** Bounds pagination so a misbehaving server cannot keep the client looping. */
const MAX_PAGES = 100;

/** A SORACOM API client. Call {@link SoracomClient.authenticate} first. */
export class SoracomClient {
  readonly endpoint: string;
  private readonly transport: Transport;
  private readonly lang: string;
  private session: AuthResponse | null = null;

  constructor(options: SoracomClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.transport = options.transport ?? fetchTransport();
    this.lang = options.lang ?? 'en';
  }

  get operatorId(): string | undefined {
    return this.session?.operatorId;
  }

  private async call<T>(
    method: SoracomRequest['method'],
    path: string,
    body?: unknown,
    auth = true,
  ) {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-Soracom-Lang': this.lang,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth) {
      if (!this.session) throw new Error('SoracomClient: authenticate() first');
      headers['X-Soracom-API-Key'] = this.session.apiKey;
      headers['X-Soracom-Token'] = this.session.token;
    }
    const res = await this.transport(this.endpoint, { method, path, headers, body });
    if (res.status >= 400) {
      const b = res.body as { code?: unknown; message?: unknown } | string | undefined;
      const code =
        typeof b === 'object' && typeof b?.code === 'string' ? b.code : `HTTP${res.status}`;
      const message =
        typeof b === 'object' && typeof b?.message === 'string'
          ? b.message
          : typeof b === 'string' && b !== ''
            ? b.slice(0, 200)
            : `HTTP ${res.status}`;
      throw new SoracomApiError(res.status, code, `${method} ${path.split('?')[0]}: ${message}`);
    }
    return { body: res.body as T, next: res.headers.get('x-soracom-next-key') };
  }

  /** `POST /auth` with an AuthKey; keeps the API key and token for the calls that follow. */
  async authenticate(credentials: AuthKeyCredentials): Promise<AuthResponse> {
    const { body } = await this.call<AuthResponse>(
      'POST',
      '/auth',
      { authKeyId: credentials.authKeyId, authKey: credentials.authKey },
      false,
    );
    if (!body || typeof body.apiKey !== 'string' || typeof body.token !== 'string') {
      throw new Error(
        `POST /auth: the endpoint ${this.endpoint} did not answer an API key and token`,
      );
    }
    this.session = body;
    return body;
  }

  private async paged<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    let key: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const url: string = key ? `${path}${sep}last_evaluated_key=${encodeURIComponent(key)}` : path;
      const r: { body: T[]; next: string | null } = await this.call<T[]>('GET', url);
      out.push(...(Array.isArray(r.body) ? r.body : []));
      key = r.next;
      if (!key) return out;
    }
    throw new Error(`GET ${path}: more than ${MAX_PAGES} pages`);
  }

  /** `GET /groups`, optionally only those whose tag `tagName` equals `tagValue`. */
  listGroups(filter: { tagName?: string; tagValue?: string } = {}): Promise<Group[]> {
    const q = new URLSearchParams();
    if (filter.tagName) q.set('tag_name', filter.tagName);
    if (filter.tagValue !== undefined) q.set('tag_value', filter.tagValue);
    if (filter.tagName && filter.tagValue !== undefined) q.set('tag_value_match_mode', 'exact');
    const qs = q.toString();
    return this.paged<Group>(qs ? `/groups?${qs}` : '/groups');
  }

  async createGroup(tags: Record<string, string>): Promise<Group> {
    return (await this.call<Group>('POST', '/groups', { tags })).body;
  }

  async getGroup(groupId: string): Promise<Group> {
    return (await this.call<Group>('GET', `/groups/${encodeURIComponent(groupId)}`)).body;
  }

  async deleteGroup(groupId: string): Promise<void> {
    await this.call('DELETE', `/groups/${encodeURIComponent(groupId)}`);
  }

  /** `PUT /groups/{id}/configuration/{namespace}`: sets the given keys, keeps the others. */
  async putConfiguration(
    groupId: string,
    namespace: string,
    params: ConfigurationParameter[],
  ): Promise<Group> {
    const path = `/groups/${encodeURIComponent(groupId)}/configuration/${encodeURIComponent(namespace)}`;
    return (await this.call<Group>('PUT', path, params)).body;
  }

  /** `DELETE /groups/{id}/configuration/{namespace}/{key}`. */
  async deleteConfiguration(groupId: string, namespace: string, key: string): Promise<void> {
    const path = `/groups/${encodeURIComponent(groupId)}/configuration/${encodeURIComponent(namespace)}/${encodeURIComponent(key)}`;
    await this.call('DELETE', path);
  }

  listSubscribersInGroup(groupId: string): Promise<Subscriber[]> {
    return this.paged<Subscriber>(`/groups/${encodeURIComponent(groupId)}/subscribers`);
  }

  async getSubscriber(imsi: string): Promise<Subscriber> {
    return (await this.call<Subscriber>('GET', `/subscribers/${encodeURIComponent(imsi)}`)).body;
  }

  async setGroup(imsi: string, groupId: string): Promise<Subscriber> {
    return (
      await this.call<Subscriber>('POST', `/subscribers/${encodeURIComponent(imsi)}/set_group`, {
        groupId,
      })
    ).body;
  }

  async unsetGroup(imsi: string): Promise<Subscriber> {
    return (
      await this.call<Subscriber>('POST', `/subscribers/${encodeURIComponent(imsi)}/unset_group`)
    ).body;
  }

  async updateSpeedClass(imsi: string, speedClass: string): Promise<Subscriber> {
    const path = `/subscribers/${encodeURIComponent(imsi)}/update_speed_class`;
    return (await this.call<Subscriber>('POST', path, { speedClass })).body;
  }
}
