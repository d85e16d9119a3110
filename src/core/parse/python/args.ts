/** Binds a call's positional and keyword arguments to parameter names, as Python does. */
import { InputError } from '../../errors';
import type { Kwargs, PyValue } from './values';

/**
 * Binds `args`/`kwargs` to `params` (a trailing `?` marks an optional parameter; `*name` takes the rest of
 * the positional arguments as a tuple). Unknown keywords are ignored when `lenient` (e.g. `dtype=`).
 * @throws InputError for a missing required argument or too many positional ones.
 */
export function bindArgs(fn: string, params: readonly string[], args: readonly PyValue[], kwargs: Kwargs, lenient = true): Map<string, PyValue> {
  const out = new Map<string, PyValue>();
  let i = 0;
  for (const raw of params) {
    if (raw.startsWith('*')) {
      out.set(raw.slice(1), { kind: 'list', items: args.slice(i), tuple: true });
      i = args.length;
      continue;
    }
    const name = raw.replace(/\?$/, '');
    if (i < args.length) out.set(name, args[i++]);
    else if (kwargs.has(name)) out.set(name, kwargs.get(name) as PyValue);
    else if (!raw.endsWith('?')) throw new InputError(`${fn}() missing required argument '${name}'`);
  }
  if (i < args.length) throw new InputError(`${fn}() takes ${params.length} positional arguments but ${args.length} were given`);
  if (!lenient) {
    const known = new Set(params.map((p) => p.replace(/^\*|\?$/g, '')));
    for (const k of kwargs.keys()) if (!known.has(k)) throw new InputError(`${fn}() got an unexpected keyword argument '${k}'`);
  }
  return out;
}
