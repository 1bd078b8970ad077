/**
 * One search at a time: prepare the photo, send it, keep the result or the error, and keep the
 * prepared photo so "retry" resends it without asking for a new one.
 * @module
 */
import { computed, onBeforeUnmount, ref, shallowRef } from 'vue';
import { ApiError, searchFace, type ApiErrorKind, type SearchResult } from '../lib/api.js';
import { prepareImage, type PreparedImage } from '../lib/image.js';
import { errorDetails } from './useApiError.js';
import { endorseToken, forgetEndorseToken } from '../lib/endorse.js';
import { isComplete, modeOf, type ApiSettings } from '../lib/settings.js';

/** One search in the settings' mode: with the key, with an Endorse token, or through Beam (no credential). */
async function searchAs(s: ApiSettings, dataUrl: string): Promise<SearchResult> {
  const mode = modeOf(s);
  if (mode === 'endorse') {
    const token = await endorseToken(s.endorseUrl ?? '');
    return searchFace(s.apiEndpoint, '', dataUrl, s.threshold, undefined, {
      Authorization: `Bearer ${token}`,
    });
  }
  return searchFace(s.apiEndpoint, mode === 'beam' ? '' : s.apiKey, dataUrl, s.threshold);
}

export type SearchStatus = 'idle' | 'preparing' | 'sending' | 'done' | 'error';
export type SearchErrorKind = ApiErrorKind | 'image' | 'noSettings';

/**
 * @param getSettings the settings in use at the moment of sending
 * @param whenReady resolves once the settings have been read (a photo picked during the SIM
 *   read waits for it rather than failing with "no settings")
 */
export function useSearch(
  getSettings: () => ApiSettings,
  whenReady: () => Promise<void> = () => Promise.resolve(),
) {
  const status = ref<SearchStatus>('idle');
  const result = shallowRef<SearchResult | null>(null);
  const errorKind = ref<SearchErrorKind | null>(null);
  const errorStatus = ref(0);
  /** HTTP status and server message, for the details line (not part of the message). */
  const errorDetailsText = ref('');
  const image = shallowRef<PreparedImage | null>(null);
  const photoUrl = ref<string | null>(null);
  const busy = computed(() => status.value === 'preparing' || status.value === 'sending');
  // What travels: the data URL (base64, one byte a character) is nearly all of the request body.
  const uploadKb = computed(() =>
    image.value ? Math.round(image.value.dataUrl.length / 1024) : 0,
  );

  function setImage(img: PreparedImage | null): void {
    if (photoUrl.value) URL.revokeObjectURL(photoUrl.value);
    image.value = img;
    photoUrl.value = img ? URL.createObjectURL(img.blob) : null;
  }

  async function send(): Promise<void> {
    const img = image.value;
    if (!img) return;
    const s = getSettings();
    if (!isComplete(s)) {
      status.value = 'error';
      errorKind.value = 'noSettings';
      return;
    }
    status.value = 'sending';
    errorKind.value = null;
    errorDetailsText.value = '';
    result.value = null;
    try {
      result.value = await searchAs(s, img.dataUrl);
      status.value = 'done';
    } catch (err) {
      status.value = 'error';
      let kind: SearchErrorKind = err instanceof ApiError ? err.kind : 'network';
      // With no key on the phone, a 403 means the API refused this SIM, not a key.
      if (kind === 'forbidden' && modeOf(s) !== 'apikey') {
        kind = 'simRefused';
        forgetEndorseToken();
      }
      errorKind.value = kind;
      errorStatus.value = err instanceof ApiError ? err.status : 0;
      errorDetailsText.value = errorDetails(err);
    }
  }

  /** Prepares a photo from the file input or the camera and searches it. */
  async function search(source: Blob | HTMLCanvasElement): Promise<void> {
    status.value = 'preparing';
    errorKind.value = null;
    result.value = null;
    try {
      const [prepared] = await Promise.all([prepareImage(source), whenReady()]);
      setImage(prepared);
    } catch {
      setImage(null);
      status.value = 'error';
      errorKind.value = 'image';
      return;
    }
    await send();
  }

  function reset(): void {
    setImage(null);
    status.value = 'idle';
    result.value = null;
    errorKind.value = null;
  }

  onBeforeUnmount(() => setImage(null));
  return {
    status,
    result,
    errorKind,
    errorStatus,
    errorDetails: errorDetailsText,
    image,
    photoUrl,
    busy,
    uploadKb,
    search,
    retry: send,
    reset,
  };
}
