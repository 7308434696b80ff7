import { TURBO } from './colorScale';

/**
 * A heatmap (Grad-CAM or saliency, [h,w] ≥ 0, same size as the image) over an RGBA image:
 * t = heat / max(heat); out = (1 − α)·image + α·turbo(t). α is the opacity slider.
 */
import { t } from '../i18n/index';

export interface OverlayData { image: { width: number; height: number; data: Uint8ClampedArray | Uint8Array }; heat: Float32Array; opacity: number; label: string }

/** Blended RGBA pixels. A heat map that is all zero leaves the image as it is (nothing to show). */
export function blendHeatmap(image: OverlayData['image'], heat: Float32Array, opacity: number): Uint8ClampedArray {
  const n = image.width * image.height;
  if (heat.length !== n) throw new Error(`heat map has ${heat.length} values for a ${image.width}×${image.height} image`);
  let max = 0;
  for (let i = 0; i < n; i++) if (heat[i] > max) max = heat[i];
  const a = max > 0 ? Math.max(0, Math.min(1, opacity)) : 0;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const j = (max > 0 ? Math.round((Math.max(0, heat[i]) / max) * 255) : 0) * 3;
    for (let c = 0; c < 3; c++) out[i * 4 + c] = Math.round((1 - a) * image.data[i * 4 + c] + a * TURBO[j + c]);
    out[i * 4 + 3] = 255;
  }
  return out;
}

export interface Overlay { update(d: OverlayData): void; destroy(): void }

/** Canvas of the blended image; aria-label carries what is shown. */
export function createOverlay(element: HTMLElement): Overlay {
  const canvas = element.appendChild(element.ownerDocument.createElement('canvas'));
  canvas.className = 'heat-overlay';
  canvas.setAttribute('role', 'img');
  // Named from the start: an image without a name (before the first update) is an axe violation.
  canvas.setAttribute('aria-label', t('Grad-CAM heat map laid over the picture'));
  canvas.style.cssText = 'width:100%;max-width:224px;display:block';
  return {
    update({ image, heat, opacity, label }) {
      canvas.width = image.width;
      canvas.height = image.height;
      canvas.setAttribute('aria-label', label || t('Grad-CAM heat map laid over the picture'));
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const img = ctx.createImageData(image.width, image.height);
      img.data.set(blendHeatmap(image, heat, opacity));
      ctx.putImageData(img, 0, 0);
    },
    destroy: () => canvas.remove(),
  };
}
