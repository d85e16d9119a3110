/**
 * Python floats with an integer value (`2.0`, `-1.0`) as arguments of torch functions. The evaluator's numbers do
 * not tell `2` from `2.0`, but torch does: `torch.full((2, 2), 1.0)` and `torch.tensor(2.0)` are float32,
 * `torch.arange(5.0)` too, where `1`, `2` and `5` give int64. The call's syntax is read for float literals, and
 * those arguments are passed as {@link pythonFloat} values (0-d arrays the torch functions read as Python floats).
 */
import type { Node } from './syntaxTree';
import { type NDArray, isNDArray, typed } from '../../ndarray/ndarray';
import type { Kwargs, PyValue } from './values';

const PY_FLOATS = new WeakSet<object>();

/** An integer-valued Python float as an argument value (a 0-d float64 array, marked). */
export function pythonFloat(v: number): NDArray {
  const a = typed([], Float64Array.of(v), 'float64');
  PY_FLOATS.add(a);
  return a;
}

/** True for a value made by {@link pythonFloat}. */
export function isPythonFloat(v: PyValue | undefined): v is NDArray {
  return typeof v === 'object' && v !== null && PY_FLOATS.has(v);
}

const isFloatLiteral = (n: Node | null): boolean =>
  !!n && (n.type === 'float' || (n.type === 'unary_operator' && n.namedChildren[0]?.type === 'float') || (n.type === 'parenthesized_expression' && isFloatLiteral(n.namedChildren[0])));

/**
 * The arguments of the torch call `call`, with integer-valued float literals as {@link pythonFloat} values;
 * unchanged when the call splats arguments (`*args`, `**kw`). `isFloat` says which argument syntax is a float
 * (float literals by default; NumPy's `arange` and `full` use floatSyntax.ts, names included).
 */
export function withFloatLiterals(call: Node, args: readonly PyValue[], kwargs: Kwargs, isFloat: (n: Node | null) => boolean = isFloatLiteral): { args: readonly PyValue[]; kwargs: Kwargs } {
  const nodes = call.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') ?? [];
  if (nodes.some((n) => n.type === 'list_splat' || n.type === 'dictionary_splat')) return { args, kwargs };
  const wrap = (v: PyValue | undefined, n: Node | null): PyValue | undefined =>
    typeof v === 'number' && Number.isInteger(v) && isFloat(n) && !isNDArray(v) ? pythonFloat(v) : v;
  const positional = nodes.filter((n) => n.type !== 'keyword_argument');
  const newArgs = args.map((v, i) => wrap(v, positional[i] ?? null) as PyValue);
  const newKwargs = new Map(kwargs);
  for (const n of nodes) {
    if (n.type !== 'keyword_argument') continue;
    const name = n.childForFieldName('name')?.text ?? '';
    if (newKwargs.has(name)) newKwargs.set(name, wrap(newKwargs.get(name), n.childForFieldName('value')) as PyValue);
  }
  return { args: newArgs, kwargs: newKwargs };
}
