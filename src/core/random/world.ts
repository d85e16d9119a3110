/**
 * Every random generator a program uses, as one state the evaluator can save and restore: NumPy's global
 * legacy generator (`np.random.*`, a RandomState on MT19937) and each generator object the program creates
 * (`np.random.default_rng(seed)`, `Generator(PCG64(seed))`, `RandomState(seed)`), and PyTorch's CPU generators
 * (`torch.manual_seed`, `torch.Generator()`: see torchState.ts).
 *
 * A generator can be in three conditions:
 * - exact and seeded: its draws are what NumPy draws;
 * - exact but unseeded (NumPy seeds it from the operating system): the draws shown are one possible draw, from
 *   a fixed stand-in seed, and values made from them carry the `unseeded` flag;
 * - unknown: a draw (or seed) that could not be evaluated left it in a state we cannot know; every later draw is
 *   refused, naming that line, until it is seeded again.
 */
import { NumpyGenerator } from './numpyGenerator';
import { NumpyRandomState, type RandomSnapshot, sameRandomState } from './numpyLegacy';
import { type PCG64Snapshot, samePCG64 } from './pcg64';
import { type TorchRandomSnapshot, TorchRandomState, sameTorchState } from './torchState';

/** Why a generator's state is unknown: the construct that could not be evaluated and where. */
export interface UnknownState {
  /** `np.random.randn(len(vocab))` */
  readonly call: string;
  /** 1-based line of that call. */
  readonly line: number;
  /** Why it could not be evaluated. */
  readonly cause: string;
}

/** A saved state of one generator. */
export interface HandleSnapshot {
  readonly legacy?: RandomSnapshot;
  readonly pcg?: PCG64Snapshot;
  readonly seeded: boolean;
  readonly unknown: UnknownState | undefined;
}

/** One generator of the program, with its condition (seeded, unknown). Mutable, like NumPy's objects. */
export class GeneratorHandle {
  unknown: UnknownState | undefined;

  /**
   * @param impl the bit-exact generator
   * @param label how NumPy prints it: `Generator(PCG64)`, `RandomState(MT19937)`, or `np.random` for the global one
   * @param seeded false when NumPy would seed it from the operating system
   */
  constructor(readonly impl: NumpyGenerator | NumpyRandomState, readonly label: string, public seeded: boolean) {}

  get draws(): number {
    return this.impl.draws;
  }

  snapshot(): HandleSnapshot {
    const base = { seeded: this.seeded, unknown: this.unknown };
    return this.impl instanceof NumpyGenerator ? { ...base, pcg: this.impl.snapshot() } : { ...base, legacy: this.impl.snapshot() };
  }

  restore(s: HandleSnapshot): void {
    if (this.impl instanceof NumpyGenerator && s.pcg) this.impl.restore(s.pcg);
    else if (this.impl instanceof NumpyRandomState && s.legacy) this.impl.restore(s.legacy);
    this.seeded = s.seeded;
    this.unknown = s.unknown;
  }

  /** The sentence for a draw refused because the state is unknown. */
  unknownReason(): string | undefined {
    const u = this.unknown;
    return u && `${this.label === 'np.random' ? "np.random's global generator" : `this ${this.label}`} is in an unknown state: it depends on the draw at line ${u.line} that could not be evaluated (${u.call}: ${u.cause})`;
  }
}

function sameUnknown(a: UnknownState | undefined, b: UnknownState | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.call === b.call && a.line === b.line && a.cause === b.cause);
}

function sameHandle(a: HandleSnapshot, b: HandleSnapshot): boolean {
  if (a.seeded !== b.seeded || !sameUnknown(a.unknown, b.unknown)) return false;
  if (a.legacy && b.legacy) return sameRandomState(a.legacy, b.legacy);
  if (a.pcg && b.pcg) return samePCG64(a.pcg, b.pcg);
  return false;
}

/** A saved state of a {@link RandomWorld}. */
export interface WorldSnapshot {
  readonly global: HandleSnapshot;
  readonly seed: number | null;
  readonly objects: ReadonlyMap<GeneratorHandle, HandleSnapshot>;
  readonly standIns: number;
  readonly torch: TorchRandomSnapshot;
  readonly jaxX64: boolean;
}

/** True when two snapshots produce the same draws (generator objects compared by identity). */
export function sameWorld(a: WorldSnapshot, b: WorldSnapshot): boolean {
  if (a.seed !== b.seed || a.standIns !== b.standIns || !sameHandle(a.global, b.global) || a.objects.size !== b.objects.size) return false;
  if (!sameTorchState(a.torch, b.torch) || a.jaxX64 !== b.jaxX64) return false;
  for (const [h, s] of a.objects) {
    const t = b.objects.get(h);
    if (!t || !sameHandle(s, t)) return false;
  }
  return true;
}

/**
 * Whether a module-level statement's `text` names a value made from unseeded draws (`valueOf` reads a name's value
 * before it runs): by name, flagged when in doubt. The incremental evaluator checks it again before a replay.
 */
export function readsUnseeded(text: string, valueOf: (name: string) => unknown, values: UnseededValues): boolean {
  if (!values.used) return false;
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) if (values.has(valueOf(m[0]))) return true;
  return false;
}

/** Values (arrays, by identity) computed from unseeded draws. Kept across incremental runs by the caller. */
export class UnseededValues {
  private readonly values = new WeakSet<object>();
  /** False until a value is added: then statements must be checked for reading one. */
  used = false;

  /** When set, every value added is pushed here too (incremental.ts records what a statement flagged, to replay it). */
  journal: object[] | undefined;

  add(v: object): void {
    this.values.add(v);
    this.used = true;
    this.journal?.push(v);
  }

  has(v: unknown): boolean {
    return typeof v === 'object' && v !== null && this.values.has(v);
  }
}

export class RandomWorld {
  /** NumPy's global RandomState; before any `np.random.seed` it stands in with seed 0, unseeded. */
  readonly global = new GeneratorHandle(new NumpyRandomState(0), 'np.random', false);
  /** PyTorch's default CPU generator and every `torch.Generator()` of the program. */
  readonly torch = new TorchRandomState();
  /** The last seed given to `np.random.seed` (null before any), to say how random matrices were made. */
  seed: number | null = null;
  /** JAX's `jax_enable_x64` flag, as the program set it (jaxCalls.ts); JAX keys themselves carry no hidden state. */
  private x64 = false;
  private objects = new Set<GeneratorHandle>();
  /** Bumped on every change that is not a draw (a generator created, a state made unknown). */
  private changes = 0;
  private unseededDraws = 0;
  /** The next stand-in seed for a generator NumPy would seed from the operating system (0 is the global one's). */
  private standIns = 1;
  private statementStart = 0;
  private statementReadsUnseeded = false;
  /** Draw calls (syntax node ids) that completed in the current module-level statement. */
  readonly completed = new Set<number>();

  /**
   * @param unseededValues values computed from unseeded draws (arrays, by identity); kept by the caller across
   *   incremental runs so that replayed values keep their flag
   */
  constructor(readonly unseededValues: UnseededValues = new UnseededValues()) {}

  get jaxX64(): boolean {
    return this.x64;
  }

  /** `jax.config.update("jax_enable_x64", on)`: counts as a change, so incremental runs save and replay it. */
  setJaxX64(on: boolean): void {
    this.x64 = on;
    this.changes++;
  }

  /** The legacy generator behind `np.random.*` (NumpyRandomState). */
  get legacy(): NumpyRandomState {
    return this.global.impl as NumpyRandomState;
  }

  /** A counter that moves whenever any generator draws (or refuses to), is seeded, created, restored or made unknown. */
  get draws(): number {
    let n = this.changes + this.global.draws + this.torch.draws;
    for (const h of this.objects) n += h.draws;
    return n;
  }

  /** A stand-in seed for an unseeded generator, different for each (NumPy's OS entropy never repeats). */
  standInSeed(): number {
    this.changes++;
    return this.standIns++;
  }

  /** Records a generator object the program created. */
  register(h: GeneratorHandle): void {
    this.objects.add(h);
    this.changes++;
  }

  /** Makes `h`'s state unknown (keeps the first cause until it is seeded again). */
  markUnknown(h: GeneratorHandle, why: UnknownState): void {
    if (h.unknown) return;
    h.unknown = why;
    this.changes++;
  }

  /**
   * Notes a draw refused because its generator's state is unknown: the refusal reads that state ("depends on the
   * draw at line 12"), so it counts as a change for the incremental evaluator (see {@link draws}), which then
   * records the state after the statement and runs it again when that state differs or moves.
   */
  noteRefusedDraw(): void {
    this.changes++;
  }

  /** Notes that `h` drew numbers (for the unseeded flag). */
  noteDraw(h: GeneratorHandle): void {
    if (!h.seeded) this.unseededDraws++;
  }

  /**
   * Called when a module-level statement starts, with its text and a way to read the values of names before it
   * runs (to tell whether it reads a value made from unseeded draws).
   */
  beginStatement(text: string, valueOf: (name: string) => unknown): void {
    this.statementStart = this.unseededDraws;
    this.completed.clear();
    this.statementReadsUnseeded = readsUnseeded(text, valueOf, this.unseededValues);
  }

  /**
   * True when values bound by the current statement come from unseeded draws: it drew from an unseeded
   * generator, or names a value that does (by name: flagged when in doubt; not followed into function bodies).
   */
  unseededInStatement(): boolean {
    return this.statementReadsUnseeded || this.unseededDraws !== this.statementStart;
  }

  snapshot(): WorldSnapshot {
    const objects = new Map<GeneratorHandle, HandleSnapshot>();
    for (const h of this.objects) objects.set(h, h.snapshot());
    return { global: this.global.snapshot(), seed: this.seed, objects, torch: this.torch.snapshot(), jaxX64: this.x64, standIns: this.standIns };
  }

  restore(s: WorldSnapshot): void {
    this.global.restore(s.global);
    this.seed = s.seed;
    this.standIns = s.standIns;
    this.objects = new Set(s.objects.keys());
    for (const [h, hs] of s.objects) h.restore(hs);
    this.torch.restore(s.torch);
    this.x64 = s.jaxX64;
    this.changes++;
  }
}
