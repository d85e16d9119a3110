import { TorchGenerator, type TorchGeneratorSnapshot } from './torchGenerator';

/**
 * The PyTorch random state of one evaluated program: the default CPU generator (`torch.manual_seed`) and
 * every `torch.Generator()` the program made, each with how it was last seeded. A generator that was never
 * seeded is `seed: null`: torch seeds it from the operating system at start-up, so its draws are not
 * reproducible statically and are refused.
 */
export interface TorchSeededGenerator {
  readonly gen: TorchGenerator;
  /** The seed as written (`0`, `42`), or null before any manual_seed. */
  seed: string | null;
}

/** A saved {@link TorchRandomState}. */
export interface TorchRandomSnapshot {
  readonly generators: readonly { readonly state: TorchGeneratorSnapshot; readonly seed: string | null }[];
}

export class TorchRandomState {
  /** Index 0 is the default generator; index i > 0 is the generator `torch.Generator#i`. */
  private readonly generators: TorchSeededGenerator[] = [{ gen: new TorchGenerator(), seed: null }];

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

  /** Advances whenever any generator draws or is seeded, or a generator is created. */
  get draws(): number {
    return this.generators.reduce((n, g) => n + g.gen.draws, this.generators.length);
  }

  snapshot(): TorchRandomSnapshot {
    return { generators: this.generators.map((g) => ({ state: g.gen.snapshot(), seed: g.seed })) };
  }

  restore(s: TorchRandomSnapshot): void {
    this.generators.length = 0;
    for (const g of s.generators) {
      const gen = new TorchGenerator();
      gen.restore(g.state);
      this.generators.push({ gen, seed: g.seed });
    }
  }
}

/** True when two snapshots would produce the same draws. */
export function sameTorchState(a: TorchRandomSnapshot, b: TorchRandomSnapshot): boolean {
  if (a.generators.length !== b.generators.length) return false;
  return a.generators.every((g, i) => {
    const h = b.generators[i];
    if (g.seed !== h.seed || !Object.is(g.state.nextDoubleNormal, h.state.nextDoubleNormal)) return false;
    const x = g.state.mt;
    const y = h.state.mt;
    return x.length === y.length && x.every((v, k) => v === y[k]);
  });
}
