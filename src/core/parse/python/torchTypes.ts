/**
 * PyTorch's dtypes and type promotion for tensors, as torch defines them (docs "Tensor Attributes → Type
 * Promotion"): categories bool < integer < floating; within a category the wider dtype; across categories the
 * higher one (int64 with float32 gives float32, unlike NumPy's float64). A Python scalar or a 0-d tensor only
 * changes the result when its category is higher than every dimensioned tensor's: a Python float then gives the
 * default dtype (float32 unless `torch.set_default_dtype`), a 0-d tensor its own dtype.
 *
 * The evaluator models the dtypes `float32` (torch's default), `float64`, `int64` (`long`) and `bool`; other
 * dtypes (`int32`, `float16`, `bfloat16`, …) are refused by {@link torchDtype}.
 */
import { type DType, type NDArray, NotReproduced, dtypeOf, isNDArray } from '../../ndarray/ndarray';
import { type PyValue, isRef } from './values';

/** torch's default floating dtype (`torch.get_default_dtype()`), or null when it was set to one not modelled. */
export type DefaultFloat = 'float32' | 'float64' | null;

const NAMES: Readonly<Record<string, DType>> = {
  'torch.float32': 'float32', 'torch.float': 'float32', 'torch.float64': 'float64', 'torch.double': 'float64',
  'torch.int64': 'int64', 'torch.long': 'int64', 'torch.bool': 'bool',
  'builtins.float': 'float64', 'builtins.int': 'int64', 'builtins.bool': 'bool',
};

/**
 * The dtype named by a `dtype=` argument (`torch.float32`, `torch.long`, `torch.bool`, Python's `float`);
 * undefined for None.
 * @throws NotReproduced for dtypes the evaluator does not model (`torch.int32`, `torch.float16`, …).
 */
export function torchDtype(v: PyValue | undefined, fn: string): DType | undefined {
  if (v === undefined || v === null) return undefined;
  const path = isRef(v) ? v.path : typeof v === 'string' ? v : '';
  const t = NAMES[path];
  if (t) return t;
  throw new NotReproduced(`${fn}: dtype ${path || String(v)} is not modelled (torch.float32, float64, int64 and bool are)`);
}

/** `torch.float32` as a Python value (what `x.dtype` gives). */
export function dtypeRef(t: DType): PyValue {
  return { kind: 'ref', path: `torch.${t}` };
}

const CATEGORY: Readonly<Record<DType, number>> = { bool: 0, int64: 1, float32: 2, float64: 2 };

/** The category of a dtype: 0 bool, 1 integer, 2 floating. */
export function category(t: DType): number {
  return CATEGORY[t];
}

/** torch.promote_types for the modelled dtypes. */
export function promoteTorch(a: DType, b: DType): DType {
  if (CATEGORY[a] !== CATEGORY[b]) return CATEGORY[a] > CATEGORY[b] ? a : b;
  return a === 'float64' || b === 'float64' ? 'float64' : a;
}

/** The default float dtype, or a refusal when `torch.set_default_dtype` set one not modelled. */
export function defaultFloat(d: DefaultFloat, fn: string): 'float32' | 'float64' {
  if (d === null) throw new NotReproduced(`${fn}: the default dtype was set to one that is not modelled`);
  return d;
}

/** An operand of a torch operation: a tensor, or a Python scalar (`floatText`: written as a float literal, `2.0`). */
export interface TorchOperand {
  readonly value: NDArray | number | boolean;
  readonly floatText?: boolean;
}

/**
 * torch.result_type of the operands: dimensioned tensors first, then 0-d tensors, then Python scalars, each
 * only when of a higher category than what came before.
 */
export function torchResultType(operands: readonly TorchOperand[], dflt: DefaultFloat, fn: string): DType {
  let dims: DType | undefined, zeros: DType | undefined, scalars = -1;
  for (const { value: v, floatText } of operands) {
    if (isNDArray(v)) {
      if (v.shape.length > 0) dims = dims ? promoteTorch(dims, dtypeOf(v)) : dtypeOf(v);
      else zeros = zeros ? promoteTorch(zeros, dtypeOf(v)) : dtypeOf(v);
    } else {
      scalars = Math.max(scalars, typeof v === 'boolean' ? 0 : floatText || !Number.isInteger(v) ? 2 : 1);
    }
  }
  let t = dims;
  if (zeros && (!t || CATEGORY[zeros] > CATEGORY[t])) t = zeros;
  if (scalars >= 0 && (!t || scalars > CATEGORY[t])) t = scalars === 2 ? defaultFloat(dflt, fn) : scalars === 1 ? 'int64' : 'bool';
  return t ?? 'float32';
}

/** `torch.finfo(dtype).min/max/eps/tiny` for the float dtypes, as Python floats (read through `torch.finfo#<dtype>`). */
export const TORCH_FINFO: Readonly<Record<string, number>> = {
  'torch.finfo#float32.min': -3.4028234663852886e38, 'torch.finfo#float32.max': 3.4028234663852886e38,
  'torch.finfo#float32.eps': 1.1920928955078125e-7, 'torch.finfo#float32.tiny': 1.1754943508222875e-38,
  'torch.finfo#float64.min': -Number.MAX_VALUE, 'torch.finfo#float64.max': Number.MAX_VALUE,
  'torch.finfo#float64.eps': Number.EPSILON, 'torch.finfo#float64.tiny': 2.2250738585072014e-308,
};
