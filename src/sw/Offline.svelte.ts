/**
 * What the shell says about the service worker (src/sw/sw.ts): whether this build is kept for offline use,
 * and whether a newer deployed version is downloaded and waiting for the learner's "Reload".
 */

/**
 * 'off': no service worker here (development server, insecure http address, old browser, blocked);
 * 'saving': the files are being stored; 'ready': every file of this build is stored, lessons open offline;
 * 'failed': storing stopped (network dropped, storage full) and is retried on the next visit.
 */
export type OfflineStatus = 'off' | 'saving' | 'ready' | 'failed';

/** Reactive service-worker state; register.ts drives it, the shell reads it. */
export class Offline {
  status = $state<OfflineStatus>('off');
  /** Number of files stored for offline use (when ready). */
  files = $state(0);
  /** Why storing failed, in words. */
  reason = $state<string | null>(null);
  /** True when a new version is installed and waits for {@link reload}. */
  updateReady = $state(false);
  #activate: (() => void) | null = null;

  /** Records a waiting new version; `activate` tells it to take over (the page then reloads). */
  offerUpdate(activate: () => void): void {
    this.#activate = activate;
    this.updateReady = true;
  }

  /** The learner accepted the update: the waiting worker takes over and every open page reloads into it. */
  reload(): void {
    if (this.#activate) this.#activate();
    else location.reload();
  }
}

/** The one service-worker state of the app. */
export const offline = new Offline();
