/**
 * The CLI's grammar loader: tree-sitter's WebAssembly (the runtime and a grammar, ≈ 670 KB) instantiated with a
 * large V8 tiering budget, so that its functions stay in Liftoff, V8's baseline WebAssembly code.
 *
 * By default V8 recompiles a WebAssembly function with its optimising compiler (TurboFan) once it has run for a
 * budget of ≈ 1.8 million "bytes executed". A short parse exhausts that budget in tree-sitter's parser loop and
 * lexer, and TurboFan then spends 60–100 ms of CPU (on background threads) on a few very large functions, more
 * than it saves a process that parses one file and exits. The budget is read when a module is instantiated, so
 * it is raised around the instantiation of tree-sitter only and set back to V8's default afterwards: the
 * attention kernels (dist/attention-kernels.wasm, instantiated later, on first use) still tier up as usual. A
 * function of tree-sitter that does run for the whole large budget (a file of many thousand lines, whose parse
 * is long enough to repay the compile) is still optimised. A 2,500-line program: 0.70× the CPU time of the
 * default budget; the tutorial ≈ 60 ms less.
 * Liftoff and TurboFan code compute the same results (WebAssembly semantics are deterministic); only speed
 * differs. Node-only (`node:v8`), so it lives in the CLI, not in the core.
 */
import { setFlagsFromString } from 'node:v8';
import { type GrammarId, GrammarLoader } from '../core/parse/treeSitter';
import type { Parser } from 'web-tree-sitter';

/** V8's default `--wasm-tiering-budget` (V8 10.x–12.x, Node 18–22). */
const DEFAULT_TIERING_BUDGET = 1_800_000;
/**
 * The budget tree-sitter's functions start with, the largest V8 takes (≈ 1,200 times the default): the parse
 * loop stays in Liftoff up to files of a few thousand lines (measured: 2,500 lines stay, 10,000 tier up).
 */
const TREE_SITTER_TIERING_BUDGET = 2_147_483_647;

/** True when the user set the budget on Node's command line; then it is left as they set it. */
const userBudget = process.execArgv.some((a) => a.startsWith('--wasm-tiering-budget') || a.startsWith('--wasm_tiering_budget'));

function setBudget(budget: number): void {
  if (!userBudget) setFlagsFromString(`--wasm-tiering-budget=${budget}`);
}

/** A {@link GrammarLoader} whose WebAssembly modules start with the large tiering budget described above. */
export class CliGrammarLoader extends GrammarLoader {
  private readonly loaded = new Set<GrammarId>();

  override async parser(grammar: GrammarId): Promise<Parser> {
    if (this.loaded.has(grammar)) return super.parser(grammar);
    setBudget(TREE_SITTER_TIERING_BUDGET);
    try {
      return await super.parser(grammar);
    } finally {
      setBudget(DEFAULT_TIERING_BUDGET);
      this.loaded.add(grammar);
    }
  }
}
