/**
 * The work budget of one evaluation: element operations, loop iterations, call depth and bytes allocated.
 * A program that would run away (an endless `while`, deep recursion, a loop that allocates large arrays) is
 * stopped with a message that names the line and the setting, instead of hanging the editor.
 */
import { InputError } from '../../errors';

/** The limits of one evaluation (settings `attentionExplorer.limits.*`; unset ones take the defaults). */
export interface BudgetLimits {
  /** Most element operations (an `n`-entry array operation costs `n`, a matmul `m·k·n`). */
  readonly maxWork: number;
  /** Most loop iterations (`for`, `while`, comprehensions) over the whole program (default 1,000,000). */
  readonly maxLoopIterations?: number;
  /** Deepest chain of calls of the program's own functions (recursion; default 200). */
  readonly maxCallDepth?: number;
  /** Most bytes of arrays, lists and dicts made over the whole program, 8 bytes an entry, 32 a dict's; a list or dict changed in place counts as a new copy (default 2 GiB). */
  readonly maxAllocatedBytes?: number;
}

/** The defaults of the optional limits (the same as the settings' defaults). */
const DEFAULTS = { maxLoopIterations: 100_000, maxCallDepth: 200, maxAllocatedBytes: 2 * 1024 ** 3 };

/** A 1-based line, or how to find it (only needed when a limit is reached: reading positions costs). */
export type LineRef = number | (() => number);

function lineOf(l: LineRef): number {
  return typeof l === 'number' ? l : l();
}

/** What has been spent so far (the incremental evaluator records and replays it). */
export interface BudgetUse {
  readonly work: number;
  readonly iterations: number;
  readonly bytes: number;
}

/** Thrown when a limit is reached: an error for the user; `line` (1-based) is where the budget ran out. */
export class BudgetExceeded extends InputError {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

export class Budget {
  private work = 0;
  private iterations = 0;
  private bytes = 0;
  private depth = 0;

  readonly limits: Required<BudgetLimits>;

  constructor(limits: BudgetLimits) {
    this.limits = {
      maxWork: limits.maxWork,
      maxLoopIterations: limits.maxLoopIterations ?? DEFAULTS.maxLoopIterations,
      maxCallDepth: limits.maxCallDepth ?? DEFAULTS.maxCallDepth,
      maxAllocatedBytes: limits.maxAllocatedBytes ?? DEFAULTS.maxAllocatedBytes,
    };
  }

  /** Spends `n` element operations at `line` (1-based). */
  spendWork(n: number, line: LineRef): void {
    this.work += n;
    if (this.work > this.limits.maxWork) {
      throw new BudgetExceeded(`the program needs more than ${fmt(this.limits.maxWork)} element operations to evaluate (setting attentionExplorer.limits.maxWork); reduce the sizes or the loop counts`, lineOf(line));
    }
  }

  /** One more iteration of the loop at `line`. */
  iterate(line: LineRef, what: string): void {
    if (++this.iterations > this.limits.maxLoopIterations) {
      throw new BudgetExceeded(`${what} runs past the limit of ${fmt(this.limits.maxLoopIterations)} loop iterations for the whole program (setting attentionExplorer.limits.maxLoopIterations)`, lineOf(line));
    }
  }

  /** `n` bytes allocated at `line`. */
  allocate(n: number, line: LineRef): void {
    this.bytes += n;
    if (this.bytes > this.limits.maxAllocatedBytes) {
      throw new BudgetExceeded(`the program allocates more than ${fmt(this.limits.maxAllocatedBytes)} bytes of arrays and lists (setting attentionExplorer.limits.maxAllocatedBytes)`, lineOf(line));
    }
  }

  /** Enters a call of `name` at `line`; pair with {@link leave}. */
  enter(name: string, line: LineRef): void {
    if (this.depth >= this.limits.maxCallDepth) {
      throw new BudgetExceeded(`calls of ${name}() nest deeper than ${this.limits.maxCallDepth} (setting attentionExplorer.limits.maxCallDepth); is the recursion endless?`, lineOf(line));
    }
    this.depth++;
  }

  leave(): void {
    this.depth--;
  }

  use(): BudgetUse {
    return { work: this.work, iterations: this.iterations, bytes: this.bytes };
  }

  /** Adds what a replayed statement spent; false (nothing added) when that would pass a limit. */
  replay(cost: BudgetUse): boolean {
    if (this.work + cost.work > this.limits.maxWork || this.iterations + cost.iterations > this.limits.maxLoopIterations || this.bytes + cost.bytes > this.limits.maxAllocatedBytes) return false;
    this.work += cost.work;
    this.iterations += cost.iterations;
    this.bytes += cost.bytes;
    return true;
  }
}

/** What was spent between two readings. */
export function spent(before: BudgetUse, after: BudgetUse): BudgetUse {
  return { work: after.work - before.work, iterations: after.iterations - before.iterations, bytes: after.bytes - before.bytes };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
