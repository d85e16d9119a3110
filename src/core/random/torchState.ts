import { sameMTState } from './mt19937';
import { TorchGenerator, type TorchGeneratorSnapshot } from './torchGenerator';

/**
 * The PyTorch random state of one evaluated program: the default CPU generator (`torch.manual_seed`) and
 * every `torch.Generator()` the program made, each with how it was last seeded. A generator that was never
 * seeded is `seed: null`: torch seeds it from the operating system at start-up, so its draws are not
 * reproducible statically and are refused.
 */
export interface TorchSeededGenerator {
  readonly gen: TorchGenerator;
  /** The seed as written (`0`, `42`), or null before any manual_seed (or once the state is unknown). */
  seed: string | null;
  /** Why the state is unknown after having been seeded (a statement that may have drawn could not be evaluated). */
  why?: string;
}

/** A saved {@link TorchRandomState}. */
interface SavedGenerator {
  readonly state: TorchGeneratorSnapshot;
  readonly seed: string | null;
  readonly why?: string;
}

export interface TorchRandomSnapshot {
  readonly generators: readonly SavedGenerator[];
  readonly saved: readonly SavedGenerator[];
  readonly defaultDtype: 'float32' | 'float64' | null;
}

export class TorchRandomState {
  /** Index 0 is the default generator; index i > 0 is the generator `torch.Generator#i`. */
  private readonly generators: TorchSeededGenerator[] = [{ gen: new TorchGenerator(), seed: null }];
  /** States saved by `torch.get_rng_state()` / `Generator.get_state()`, by id. */
  private saved: SavedGenerator[] = [];
  /** `torch.get_default_dtype()`: float32 until `torch.set_default_dtype`; null when it cannot be known. */
  defaultDtype: 'float32' | 'float64' | null = 'float32';

  /**
   * Notes that a statement read a generator's state without drawing (a draw or a module's initialisation refused
   * because it is unseeded or unknown, a module that forgets it): counts as a change for the incremental evaluator
   * (see {@link draws}), which then runs the statement again when the state before it differs.
   */
  noteStateRead(): void {
    this.changes++;
  }

  /** The default CPU generator. */
  get default(): TorchSeededGenerator {
    return this.generators[0];
  }

  /** A new `torch.Generator()`; returns its id (≥ 1). */
  create(): number {
    this.generators.push({ gen: new TorchGenerator(), seed: null });
    return this.generators.length - 1;
  }

  /** The generator with id `id` (0: the default one), or undefined. */
  get(id: number): TorchSeededGenerator | undefined {
    return this.generators[id];
  }

  /**
   * Makes every generator's state unknown (`why` says what happened): a statement that may have drawn,
   * seeded or restored state could not be evaluated, so later draws are refused until the next manual_seed.
   */
  forget(why: string): void {
    for (const g of this.generators) {
      if (g.seed === null) continue; // never seeded (stays "not seeded") or already unknown (keeps the first cause)
      g.seed = null;
      g.why = why;
      this.changes++;
    }
  }

  /** Saves the state of generator `id` (`get_rng_state()`); returns the id of the saved state. */
  save(id: number): number {
    const g = this.generators[id];
    this.saved.push({ state: g.gen.snapshot(), seed: g.seed, ...(g.why === undefined ? {} : { why: g.why }) });
    this.changes++;
    return this.saved.length - 1;
  }

  /** Sets generator `id` to a state saved by {@link save} (`set_rng_state(state)`); false if unknown. */
  load(id: number, savedId: number): boolean {
    const s = this.saved[savedId];
    const g = this.generators[id];
    if (!s || !g) return false;
    g.gen.restore(s.state);
    g.seed = s.seed;
    g.why = s.why;
    return true;
  }

  /** Counts changes that draw nothing: saved states, default dtype, forgotten states. */
  changes = 0;
  /** The message of the last call refused by the evaluator's torch module (its state effect is exact). */
  lastRefusal: string | undefined;

  /** Advances whenever any generator draws or is seeded, or a generator, saved state or default dtype changes. */
  get draws(): number {
    return this.generators.reduce((n, g) => n + g.gen.draws, this.generators.length + this.changes);
  }

  snapshot(): TorchRandomSnapshot {
    return {
      generators: this.generators.map((g) => ({ state: g.gen.snapshot(), seed: g.seed, ...(g.why === undefined ? {} : { why: g.why }) })),
      saved: [...this.saved],
      defaultDtype: this.defaultDtype,
    };
  }

  restore(s: TorchRandomSnapshot): void {
    this.generators.length = 0;
    for (const g of s.generators) {
      const gen = new TorchGenerator();
      gen.restore(g.state);
      this.generators.push({ gen, seed: g.seed, ...(g.why === undefined ? {} : { why: g.why }) });
    }
    this.saved = [...s.saved];
    this.defaultDtype = s.defaultDtype;
  }
}

/** True when two snapshots would produce the same draws. */
export function sameTorchState(a: TorchRandomSnapshot, b: TorchRandomSnapshot): boolean {
  const same = (g: SavedGenerator, h: SavedGenerator): boolean => {
    if (g.seed !== h.seed || g.why !== h.why || !Object.is(g.state.nextDoubleNormal, h.state.nextDoubleNormal)) return false;
    return sameMTState(g.state.mt, h.state.mt);
  };
  return a.defaultDtype === b.defaultDtype && a.generators.length === b.generators.length && a.saved.length === b.saved.length &&
    a.generators.every((g, i) => same(g, b.generators[i])) && a.saved.every((g, i) => same(g, b.saved[i]));
}
