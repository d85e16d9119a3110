/**
 * Parses the CLI's arguments (see README "Command line") with `node:util` `parseArgs`: `--flag value` and
 * `--flag=value` both work; a usage error exits 2.
 */
import { optionsProblem } from '../core/attention/options';
import { conventionLabel } from '../core/attention/maskInfo';
import { type ParseArgsConfig, parseArgs as parseNodeArgs } from 'node:util';
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
  /** `matrices --json --report`: stdout is one object `{matrices, unknown, problems}` instead of the array. */
  readonly report?: boolean;
  readonly range?: SourceRange;
  readonly roles: RoleOverrides;
  readonly options: AttentionOptions;
  /** `--batch i[,j…]`: the batch element whose 2-D steps are printed (batched inputs). */
  readonly batch?: readonly number[];
  /** `--head h`: the head whose steps are printed (several heads). */
  readonly head?: number;
}

const ROLE_FLAGS: Readonly<Record<string, Role>> = {
  x: 'x', wq: 'wq', wk: 'wk', wv: 'wv', wo: 'wo', q: 'q', k: 'k', v: 'v',
  wa: 'wa', ua: 'ua', va: 'va', 'key-padding': 'padding',
};

type MutableOptions = { -readonly [K in keyof AttentionOptions]: AttentionOptions[K] };
type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** The options each command takes (`node:util` `parseArgs` declarations). */
const COMMON: OptionTable = { json: { type: 'boolean' }, range: { type: 'string' }, help: { type: 'boolean', short: 'h' } };
const MATRICES: OptionTable = { ...COMMON, report: { type: 'boolean' } };
const COMPUTE: OptionTable = {
  ...COMMON,
  ...Object.fromEntries(Object.keys(ROLE_FLAGS).map((k) => [k, { type: 'string' as const }])),
  score: { type: 'string' },
  mask: { type: 'string' },
  'mask-convention': { type: 'string' },
  temperature: { type: 'string' },
  scale: { type: 'string' },
  heads: { type: 'string' },
  hard: { type: 'boolean' },
  batch: { type: 'string' },
  head: { type: 'string' },
};

/**
 * A value that starts with `-` (`--scale -0.5`) is joined to its option (`--scale=-0.5`) so that `parseArgs`
 * reads it as the value; `--opt=value` works as it is.
 */
function joinNegativeValues(args: readonly string[], table: OptionTable): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    const next = args[i + 1];
    if (name !== undefined && table[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** `node:util` `parseArgs` errors, as the CLI's usage errors. */
function usageErrorOf(e: unknown, command: string): UsageError {
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option '${option ?? message}' for '${command}'`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return new UsageError(`${option.replace(/ .*$/, '')} needs a value`);
  return new UsageError(message);
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help', json: false, roles: {}, options: {} };
  if (command === '--version' || command === '-V') return { command: 'version', json: false, roles: {}, options: {} };
  if (command !== 'matrices' && command !== 'compute') throw new UsageError(`unknown command '${command}' (expected 'matrices' or 'compute')`);
  const table = command === 'compute' ? COMPUTE : MATRICES;
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: joinNegativeValues(rest, table), options: table, strict: true, allowPositionals: true });
  } catch (e) {
    if (rest.includes('--help') || rest.includes('-h')) return { command: 'help', json: false, roles: {}, options: {} };
    throw usageErrorOf(e, command);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { command: 'help', json: false, roles: {}, options: {} };
  const str = (name: string): string | undefined => {
    const v = values[name];
    if (typeof v !== 'string') return undefined;
    if (v === '') throw new UsageError(`--${name} needs a value`);
    return v;
  };
  const positive = (name: string, integer = false): number | undefined => {
    const v = str(name);
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || !(x > 0) || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
      throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${v}'`);
    }
    return x;
  };
  const [file, extra] = parsed.positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  if (file === undefined) throw new UsageError(`'${command}' needs a FILE`);
  const rangeText = str('range');
  const range = rangeText === undefined ? undefined : parseRange(rangeText);
  const json = values.json === true;
  const roles: Partial<Record<Role, string>> = {};
  const options: MutableOptions = {};
  if (command === 'compute') {
    for (const [flag, role] of Object.entries(ROLE_FLAGS)) {
      const v = str(flag);
      if (v !== undefined) roles[role] = v;
    }
    const score = str('score');
    if (score !== undefined) {
      if (!(SCORE_FUNCTIONS as readonly string[]).includes(score)) throw new UsageError(`unknown --score '${score}' (expected one of ${SCORE_FUNCTIONS.join(', ')})`);
      options.score = score as ScoreFunction;
    }
    const mask = str('mask');
    if (mask !== undefined) {
      if (mask === 'causal' || mask === 'none' || mask === 'causal_lower_right') options.mask = mask;
      else if (/^[A-Za-z_][\w.]*$/.test(mask)) {
        options.mask = 'matrix';
        roles.mask = mask;
      } else throw new UsageError(`--mask expects causal, causal_lower_right, none or the name of a 0/1 matrix, got '${mask}'`);
    }
    const convention = str('mask-convention');
    if (convention !== undefined) {
      if (convention !== 'keep' && convention !== 'block') throw new UsageError(`--mask-convention expects keep, ${conventionLabel('keep')}, or block, ${conventionLabel('block')}; got '${convention}'`);
      options.maskConvention = convention;
    }
    const temperature = positive('temperature');
    if (temperature !== undefined) options.temperature = temperature;
    const scale = str('scale');
    if (scale !== undefined) {
      const x = Number(scale);
      if (scale.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--scale must be a number, got '${scale}'`);
      options.scale = x;
    }
    const heads = positive('heads', true);
    if (heads !== undefined) options.heads = heads;
    if (values.hard === true) options.hard = true;
    // The same bounds as the panel and the engine (core/attention/options.ts).
    const problem = optionsProblem(options);
    if (problem) throw new UsageError(`--${problem}`);
    const batchText = str('batch');
    if (batchText !== undefined && !/^\d+(,\d+)*$/.test(batchText)) throw new UsageError(`--batch expects batch indices such as 1 or 0,2 (one per batch axis), got '${batchText}'`);
    const headText = str('head');
    if (headText !== undefined && !/^\d+$/.test(headText)) throw new UsageError(`--head expects a head index such as 0, got '${headText}'`);
    const slice = { ...(batchText !== undefined ? { batch: batchText.split(',').map(Number) } : {}), ...(headText !== undefined ? { head: Number(headText) } : {}) };
    return { command, file, json, range, roles, options, ...slice };
  }
  const report = values.report === true;
  if (report && !json) throw new UsageError('--report changes the --json output: use --json --report');
  return { command, file, json, range, roles, options, ...(report ? { report } : {}) };
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
  node dist/cli.js matrices FILE [--range L1:C1-L2:C2] [--json [--report]]
  node dist/cli.js compute FILE [options] [--json]

Options for matrices:
  --json                       a JSON array of the matrices; problems and unknown names go to stderr,
                               one JSON line each
  --json --report              one JSON object instead: {"matrices": [...], "unknown": [{"name", "line",
                               "reason"}...], "problems": [{"message", "range"}...]}

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
  --mask-convention keep|block ${conventionLabel('keep')}, the default, or ${conventionLabel('block')}
  --batch I[,J...]             batched (N-D) inputs: the batch element whose steps are printed (default 0)
  --head H                     several heads: print the steps of head H only
  --temperature T              softmax temperature, T > 0 (default 1)
  --hard                       hard attention: one-hot argmax instead of softmax
  --heads N --wo NAME          multi-head self-attention with output projection W_O
  --json                       machine-readable output

Exit codes: 0 success, 1 bad input, 2 usage error.`;
