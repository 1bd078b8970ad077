/**
 * The operator's session, shared by the console's pages: the API base, the key (this tab only,
 * sessionStorage) and its name. Signing in asks the API which scopes the key has, so a key
 * without `enroll` is told so at once instead of failing later at 登録する.
 * @module
 */
import { reactive, watch } from 'vue';
import { ApiError, getSession } from '../lib/api.js';
import { apiBase } from '../lib/settings.js';
import { useSettings } from './useSettings.js';

const KEY_STORE = 'facegate.operatorKey';
const NAME_STORE = 'facegate.operatorKeyName';

export type SignInProblem = 'refused' | 'noEnrollScope' | 'network' | 'timeout' | 'server';

interface OperatorState {
  base: string;
  key: string;
  keyName: string;
  busy: boolean;
  problem: SignInProblem | null;
  problemStatus: number;
}

let state: OperatorState | undefined;

function read(store: string): string {
  try {
    return sessionStorage.getItem(store) ?? '';
  } catch {
    return '';
  }
}

export function useOperator() {
  const settings = useSettings();
  if (!state) {
    const s = reactive<OperatorState>({
      base: apiBase(settings.state.settings.apiEndpoint),
      key: read(KEY_STORE),
      keyName: read(NAME_STORE),
      busy: false,
      problem: null,
      problemStatus: 0,
    });
    // Follow the settings until the operator types a base of their own.
    watch(
      () => settings.state.settings.apiEndpoint,
      (ep, old) => {
        if (!s.base || s.base === apiBase(old ?? '')) s.base = apiBase(ep);
      },
    );
    state = s;
  }
  const s = state;
  const baseUrl = () => s.base.trim().replace(/\/+$/, '');

  async function signIn(key: string): Promise<boolean> {
    s.busy = true;
    s.problem = null;
    s.problemStatus = 0;
    try {
      const session = await getSession(baseUrl(), key.trim());
      if (!session.scopes.includes('enroll')) {
        s.problem = 'noEnrollScope';
        return false;
      }
      s.key = key.trim();
      s.keyName = session.keyName ?? '';
      try {
        sessionStorage.setItem(KEY_STORE, s.key);
        sessionStorage.setItem(NAME_STORE, s.keyName);
      } catch {
        // kept in memory for this visit
      }
      return true;
    } catch (err) {
      const kind = err instanceof ApiError ? err.kind : 'network';
      s.problemStatus = err instanceof ApiError ? err.status : 0;
      s.problem =
        kind === 'forbidden' || kind === 'badRequest'
          ? 'refused'
          : kind === 'timeout' || kind === 'network'
            ? kind
            : 'server';
      return false;
    } finally {
      s.busy = false;
    }
  }

  function signOut(): void {
    s.key = '';
    s.keyName = '';
    s.problem = null;
    try {
      sessionStorage.removeItem(KEY_STORE);
      sessionStorage.removeItem(NAME_STORE);
    } catch {
      // nothing kept
    }
  }

  return { state: s, baseUrl, signIn, signOut };
}
