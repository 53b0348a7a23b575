/**
 * Readable colours around the channel's brand colour, whatever an admin picks (WCAG 2.2 AA: 4.5:1 for
 * text). The colour fills the header, the visitor's bubbles and the buttons, whose text is white unless
 * black reads better; and it is the ink of links and the send icon on white, darkened until it reads.
 */

/** `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` as its six colour digits (alpha ignored); null otherwise. */
function sixDigits(color: string): string | null {
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(color.trim())?.[1];
  if (!hex) return null;
  return hex.length <= 4 ? [...hex.slice(0, 3)].map((c) => c + c).join('') : hex.slice(0, 6);
}

/** WCAG relative luminance of a hex colour; null for anything else. */
export function luminance(color: string): number | null {
  const full = sixDigits(color);
  if (!full) return null;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** The text on a fill of `color`: white unless black reads better (one of them always reaches 4.5:1). */
export function textOn(color: string): '#ffffff' | '#000000' {
  const l = luminance(color);
  if (l === null) return '#ffffff';
  return contrastRatio(l, 1) >= contrastRatio(l, 0) ? '#ffffff' : '#000000';
}

/** `color` as text on white: itself when it reaches 4.5:1, else darkened (towards black) until it does. */
export function inkOnWhite(color: string): string {
  const full = sixDigits(color);
  if (!full) return color;
  const channels = [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16));
  for (let keep = 1; keep > 0; keep -= 0.05) {
    const candidate = `#${channels
      .map((c) =>
        Math.round(c * keep)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
    if (contrastRatio(luminance(candidate) ?? 0, 1) >= 4.5) return candidate;
  }
  return '#000000';
}
