/** The VS Code theme the panel is shown in, read from the body classes and `--vscode-*` variables. */
import { luminance, parseColor, type Rgb } from './color';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Theme {
  readonly kind: ThemeKind;
  /** High-contrast themes (dark or light): no colour fills, outlines and bars instead. */
  readonly highContrast: boolean;
  /** Is the editor background light? (Decides where the heatmap's strong end goes.) */
  readonly lightBackground: boolean;
  readonly background: Rgb;
  readonly foreground: Rgb;
}

export function readTheme(doc: Document): Theme {
  const kind = themeKind(doc.body);
  const darkKind = kind === 'dark' || kind === 'high-contrast';
  const background = cssColor(doc, '--vscode-editor-background') ?? (darkKind ? { r: 31, g: 31, b: 31 } : { r: 255, g: 255, b: 255 });
  const foreground = cssColor(doc, '--vscode-editor-foreground') ?? cssColor(doc, '--vscode-foreground') ?? (darkKind ? { r: 204, g: 204, b: 204 } : { r: 59, g: 59, b: 59 });
  return {
    kind,
    highContrast: kind === 'high-contrast' || kind === 'high-contrast-light',
    lightBackground: luminance(background) > 0.4,
    background,
    foreground,
  };
}

function themeKind(body: HTMLElement): ThemeKind {
  const attr = body.dataset.vscodeThemeKind;
  const has = (c: string): boolean => body.classList.contains(c) || attr === c;
  if (has('vscode-high-contrast-light')) return 'high-contrast-light';
  if (has('vscode-high-contrast')) return 'high-contrast';
  if (has('vscode-dark')) return 'dark';
  return 'light';
}

/** Resolves a CSS variable to a colour through a probe element, so any CSS colour syntax works. */
function cssColor(doc: Document, variable: string): Rgb | undefined {
  const raw = getComputedStyle(doc.documentElement).getPropertyValue(variable).trim();
  if (!raw) return undefined;
  const direct = parseColor(raw);
  if (direct) return direct;
  const probe = doc.createElement('span');
  probe.style.color = raw;
  probe.hidden = true;
  doc.body.append(probe);
  const resolved = parseColor(getComputedStyle(probe).color);
  probe.remove();
  return resolved;
}

/**
 * Calls `onChange` (once per animation frame at most) when VS Code switches theme: it rewrites the body
 * classes and the `--vscode-*` variables in the root element's `style` attribute.
 * @returns a function that stops watching.
 */
export function watchTheme(doc: Document, onChange: () => void): () => void {
  let pending = 0;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      onChange();
    });
  });
  observer.observe(doc.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
