/**
 * A live camera preview with a shutter and a front/back switch. getUserMedia exists only in a
 * secure context (HTTPS or localhost), so on the plain-HTTP page that can reach the SIM's
 * metadata service `available` is false and the file input is the way to take a photo.
 * @module
 */
import { onBeforeUnmount, ref, shallowRef } from 'vue';

export type Facing = 'environment' | 'user';

/** True where a live preview can work: a secure context with getUserMedia. */
export function cameraSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    !!navigator.mediaDevices?.getUserMedia
  );
}

export function useCamera() {
  const available = cameraSupported();
  const stream = shallowRef<MediaStream | null>(null);
  const facing = ref<Facing>('environment');
  const failed = ref(false);

  function stop(): void {
    stream.value?.getTracks().forEach((t) => t.stop());
    stream.value = null;
  }

  async function start(video: HTMLVideoElement): Promise<void> {
    stop();
    failed.value = false;
    try {
      stream.value = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: facing.value, width: { ideal: 1280 }, height: { ideal: 1280 } },
        audio: false,
      });
      video.srcObject = stream.value;
      await video.play();
    } catch {
      failed.value = true;
      stop();
    }
  }

  async function switchFacing(video: HTMLVideoElement): Promise<void> {
    facing.value = facing.value === 'environment' ? 'user' : 'environment';
    await start(video);
  }

  /** The current frame as a canvas (the caller downsizes and encodes it). */
  function capture(video: HTMLVideoElement): HTMLCanvasElement {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0);
    return canvas;
  }

  onBeforeUnmount(stop);
  return { available, stream, facing, failed, start, stop, switchFacing, capture };
}
