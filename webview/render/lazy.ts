/**
 * Lazy rendering of what lies below the fold. While the panel is built, `place` tracks an estimate of where
 * (in page pixels) each block will land; blocks that fall within the viewport (and a margin) are built at once,
 * the others get a placeholder of their estimated height and are built when they come near the viewport
 * (IntersectionObserver) or, failing that, one per idle slice after the first paint — so the page is complete
 * soon after it shows, and find-in-page and tests see every block. Nothing here reads the layout.
 */
import { h } from '../dom';

/** Page pixels above and below the viewport that are built at once. */
const MARGIN_ABOVE = 400;
const MARGIN_BELOW = 600;

export class LazyBlocks {
  private y: number;
  private readonly from: number;
  private readonly to: number;
  private readonly pending = new Map<Element, () => void>();
  private observer: IntersectionObserver | undefined;
  private idle = 0;

  /** `top`: the estimated page offset of the first block (the header and controls above it). */
  constructor(top: number) {
    this.y = top;
    this.from = window.scrollY - MARGIN_ABOVE;
    this.to = window.scrollY + window.innerHeight + MARGIN_BELOW;
  }

  /** Adds `height` estimated pixels that are built at once whatever their place (headings, notes). */
  skip(height: number): void {
    this.y += height;
  }

  /**
   * The block `make` builds, or a placeholder of `height` px that becomes it when it nears the viewport.
   * `height` is an estimate (it only decides what is built first and keeps the scroll position steady).
   */
  place(height: number, make: () => HTMLElement): HTMLElement {
    const top = this.y;
    this.y += height;
    if (top + height >= this.from && top <= this.to) return make();
    const holder = h('div', { className: 'lazy-block', attrs: { 'aria-busy': 'true' } });
    holder.style.minHeight = `${Math.round(height)}px`;
    const build = (): void => {
      this.pending.delete(holder);
      this.observer?.unobserve(holder);
      if (holder.isConnected || holder.parentNode) holder.replaceWith(make());
    };
    this.pending.set(holder, build);
    this.observer ??= new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) this.pending.get(e.target)?.();
    }, { rootMargin: `${MARGIN_ABOVE}px 0px ${MARGIN_BELOW}px 0px` });
    this.observer.observe(holder);
    this.scheduleIdle();
    return holder;
  }

  /** Stops building (the view was replaced). */
  dispose(): void {
    this.observer?.disconnect();
    this.pending.clear();
    if (this.idle) cancelIdleCallback(this.idle);
    this.idle = 0;
  }

  private scheduleIdle(): void {
    if (this.idle) return;
    this.idle = requestIdleCallback(() => {
      this.idle = 0;
      const next = this.pending.values().next();
      if (next.done) return;
      next.value();
      if (this.pending.size) this.scheduleIdle();
    }, { timeout: 2000 });
  }
}
