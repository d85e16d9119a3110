/** Parses the CLI's arguments (see README "Command line"); a usage error exits 2. */
import type { RoleOverrides } from '../core/attention/roles';
import { type AttentionOptions, type Role, type ScoreFunction, SCORE_FUNCTIONS } from '../core/attention/types';
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
  '--wa': 'wa', '--ua': 'ua', '--va': 'va', '--key-padding': 'padding',
};

type MutableOptions = { -readonly [K in keyof AttentionOptions]: AttentionOptions[K] };

export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help', json: false, roles: {}, options: {} };
  if (command === '--version' || command === '-V') return { command: 'version', json: false, roles: {}, options: {} };
  if (command !== 'matrices' && command !== 'compute') throw new UsageError(`unknown command '${command}' (expected 'matrices' or 'compute')`);
  if (rest.includes('--help') || rest.includes('-h')) return { command: 'help', json: false, roles: {}, options: {} };
  let file: string | undefined;
  let json = false;
  let range: SourceRange | undefined;
  const roles: Partial<Record<Role, string>> = {};
  const options: MutableOptions = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const positive = (what: string, v: string, integer = false): number => {
      const x = Number(v);
      if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || !(x > 0) || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
        throw new UsageError(`${what} must be a positive ${integer ? 'integer' : 'number'}, got '${v}'`);
      }
      return x;
    };
    if (a === '--json') json = true;
    else if (a === '--range') range = parseRange(value());
    else if (command === 'compute' && a in ROLE_FLAGS) roles[ROLE_FLAGS[a]] = value();
    else if (command === 'compute' && a === '--score') {
      const v = value();
      if (!(SCORE_FUNCTIONS as readonly string[]).includes(v)) throw new UsageError(`unknown --score '${v}' (expected one of ${SCORE_FUNCTIONS.join(', ')})`);
      options.score = v as ScoreFunction;
    } else if (command === 'compute' && a === '--mask') {
      const v = value();
      if (v === 'causal' || v === 'none' || v === 'causal_lower_right') options.mask = v;
      else if (/^[A-Za-z_][\w.]*$/.test(v)) {
        options.mask = 'matrix';
        roles.mask = v;
      } else throw new UsageError(`--mask expects causal, causal_lower_right, none or the name of a 0/1 matrix, got '${v}'`);
    } else if (command === 'compute' && a === '--mask-convention') {
      const v = value();
      if (v !== 'keep' && v !== 'block') throw new UsageError(`--mask-convention expects keep (1 = attend, PyTorch SDPA) or block (1 = masked, nn.MultiheadAttention), got '${v}'`);
      options.maskConvention = v;
    } else if (command === 'compute' && a === '--temperature') options.temperature = positive('--temperature', value());
    else if (command === 'compute' && a === '--scale') {
      const v = value();
      const x = Number(v);
      if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--scale must be a number, got '${v}'`);
      options.scale = x;
    } else if (command === 'compute' && a === '--heads') options.heads = positive('--heads', value(), true);
    else if (command === 'compute' && a === '--hard') options.hard = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}' for '${command}'`);
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
  --range L1:C1-L2:C2          only the selection (0-based lines and characters)
  --x N --wq N --wk N --wv N   self-attention roles (Q = X·W_Q, K = X·W_K, V = X·W_V)
  --q N --k N --v N            queries, keys and values given directly
  --score F                    scaled_dot (default), dot, general, additive, concat, cosine
  --wa N --ua N --va N         parameters of the general, additive and concat scores
  --scale S                    factor of scaled_dot instead of 1/sqrt(d_k)
  --mask causal|causal_lower_right|none|NAME
                               causal (query i sees keys j <= i), lower-right aligned, or a 0/1 L x S matrix
  --key-padding NAME           a 0/1 vector with one entry per key
  --mask-convention keep|block 1 = attend (default, PyTorch SDPA) or 1 = masked (nn.MultiheadAttention)
  --temperature T              softmax temperature, T > 0 (default 1)
  --hard                       hard attention: one-hot argmax instead of softmax
  --heads N --wo NAME          multi-head self-attention with output projection W_O
  --json                       machine-readable output

Exit codes: 0 success, 1 bad input, 2 usage error.`;
