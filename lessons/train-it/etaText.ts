/** The studio's progress line, "epoch 4/10 · ~2 min left", in the page's language. */
import { t } from '../../src/lib/i18n/index';

/** A time left in words: seconds rounded up to 5 under a minute, then whole minutes, then hours and minutes. */
export function durationText(ms: number): string {
  const s = ms / 1000;
  const five = Math.max(5, Math.ceil(s / 5) * 5);
  if (five < 60) return t('{n} s', { n: five });
  const min = Math.max(1, Math.round(s / 60));
  if (min < 60) return t('{n} min', { n: min });
  return t('{h} h {m} min', { h: Math.floor(min / 60), m: min % 60 });
}

/** Epoch `epoch` (1-based) of `epochs`, with the time left when there is an estimate. */
export function progressText(epoch: number, epochs: number, msLeft: number | null): string {
  if (msLeft === null) return t('epoch {epoch}/{epochs}', { epoch, epochs });
  return t('epoch {epoch}/{epochs} · ~{time} left', { epoch, epochs, time: durationText(msLeft) });
}
