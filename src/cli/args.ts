/** Parses the CLI's arguments (see README "Command line"); a usage error exits 2. */
import type { RoleOverrides } from '../core/attention/roles';
import type { AttentionOptions, Role } from '../core/attention/types';
import type { SourceRange } from '../core/range';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliArgs {
  readonly command: 'matrices' | 'compute' | 'help' | 'version';
  readonly file?: string;
  readonly json: boolean;
  readonly range?: SourceRange;
  readonly roles: RoleOverrides;
  readonly options: AttentionOptions;
}

const ROLE_FLAGS: Readonly<Record<string, Role>> = {
  '--x': 'x', '--wq': 'wq', '--wk': 'wk', '--wv': 'wv', '--wo': 'wo', '--q': 'q', '--k': 'k', '--v': 'v',
};

/** Scores the engine computes now; the other names of CLI-SPEC are recognised but refused (exit 2). */
const SCORES = ['dot', 'scaled_dot'] as const;
const PLANNED_SCORES = ['general', 'additive', 'concat', 'cosine'];

export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help', json: false, roles: {}, options: {} };
  if (command === '--version' || command === '-V') return { command: 'version', json: false, roles: {}, options: {} };
  if (command !== 'matrices' && command !== 'compute') throw new UsageError(`unknown command '${command}' (expected 'matrices' or 'compute')`);
  let file: string | undefined;
  let json = false;
  let range: SourceRange | undefined;
  const roles: Partial<Record<Role, string>> = {};
  const options: { score?: AttentionOptions['score']; mask?: AttentionOptions['mask']; temperature?: number } = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--range') range = parseRange(value());
    else if (command === 'compute' && a in ROLE_FLAGS) roles[ROLE_FLAGS[a]] = value();
    else if (command === 'compute' && a === '--score') {
      const v = value();
      if ((SCORES as readonly string[]).includes(v)) options.score = v as (typeof SCORES)[number];
      else if (PLANNED_SCORES.includes(v)) throw new UsageError(`--score ${v} is not available yet (available: ${SCORES.join(', ')})`);
      else throw new UsageError(`unknown --score '${v}' (expected one of ${SCORES.join(', ')})`);
    } else if (command === 'compute' && a === '--mask') {
      const v = value();
      if (v === 'causal') options.mask = 'causal';
      else if (v === 'none') options.mask = 'none';
      else throw new UsageError(`--mask ${v}: only 'causal' and 'none' are available yet`);
    } else if (command === 'compute' && a === '--temperature') {
      const v = value();
      const t = Number(v);
      if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || !(t > 0) || !Number.isFinite(t)) throw new UsageError(`--temperature must be a positive number, got '${v}'`);
      options.temperature = t;
    } else if (command === 'compute' && a === '--heads') {
      throw new UsageError('--heads is not available yet');
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}' for '${command}'`);
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument '${a}'`);
  }
  if (file === undefined) throw new UsageError(`'${command}' needs a FILE`);
  return { command, file, json, range, roles, options };
}

/** `L1:C1-L2:C2`, 0-based. */
function parseRange(text: string): SourceRange {
  const m = /^(\d+):(\d+)-(\d+):(\d+)$/.exec(text);
  if (!m) throw new UsageError(`--range must look like L1:C1-L2:C2 (0-based), got '${text}'`);
  const [l1, c1, l2, c2] = m.slice(1).map(Number);
  if (l2 < l1 || (l2 === l1 && c2 < c1)) throw new UsageError(`--range ${text} ends before it starts`);
  return { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } };
}

export const USAGE = `Attention Explorer CLI: the attention pipeline on the matrices of a source file.

Usage:
  node dist/cli.js matrices FILE [--range L1:C1-L2:C2] [--json]
  node dist/cli.js compute FILE [options] [--json]

Options for compute:
  --range L1:C1-L2:C2        only the selection (0-based lines and characters)
  --x N --wq N --wk N --wv N self-attention roles (Q = X·W_Q, K = X·W_K, V = X·W_V)
  --q N --k N --v N          queries, keys and values given directly
  --score dot|scaled_dot     score function (default scaled_dot)
  --mask causal|none         causal mask (query i sees keys j ≤ i)
  --temperature T            softmax temperature, T > 0 (default 1)
  --json                     machine-readable output

Exit codes: 0 success, 1 bad input, 2 usage error.`;
