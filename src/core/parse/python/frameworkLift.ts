/**
 * One way to write a TensorFlow or JAX function over the NumPy kernels: bind the arguments, convert the tensor
 * arguments as the library converts them, compute in float64 (or int), and round the result once to the
 * library's dtype (frameworkTensor.ts holds the rule and its tolerance).
 */
import { InputError } from '../../errors';
import { type NDArray, dtypeOf, isNDArray } from '../../ndarray/ndarray';
import { bindArgs } from './args';
import type { CallContext } from './callContext';
import {
  type FrameworkContext, type Tensor, type TensorDtype, checkSameDtype, computeArray, defaultInt, finish, floatDtype, resultDtype, toTensor, toTensorDtype,
} from './frameworkTensor';
import { type Kwargs, type PyValue, isList } from './values';

/** A library function given its context (TensorFlow, or JAX with its x64 flag). */
export type FrameworkImpl = (fc: FrameworkContext, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext, fn: string) => PyValue;

/** The converted tensor arguments, as float64 (or int) arrays, by parameter name (a list parameter gives a list). */
export type Converted = ReadonlyMap<string, NDArray | readonly NDArray[]>;

/** How a function is lifted. */
export interface LiftSpec {
  /** The Python parameters (`?` marks an optional one), as bindArgs reads them. */
  readonly params: readonly string[];
  /** The parameters that are tensors. */
  readonly tensors: readonly string[];
  /** The parameters that are sequences of tensors (`tf.concat(values, axis)`). */
  readonly lists?: readonly string[];
  /** True when computing in float64 and rounding once gives the library's float32 value bit for bit. */
  readonly exact: boolean;
  /** The result is a float even for int inputs (`sqrt`, softmax, JAX's `mean`). */
  readonly float?: boolean;
  /** TensorFlow requires one dtype for all tensor arguments (true by default). */
  readonly sameDtype?: boolean;
  /** The parameter that names the result dtype (`dtype`), when there is one. */
  readonly dtypeParam?: string;
  readonly compute: (t: Converted, b: ReadonlyMap<string, PyValue>, ctx: CallContext, fn: string) => NDArray | number | boolean;
}

/** A library function from a {@link LiftSpec}. */
export function lift(spec: LiftSpec): FrameworkImpl {
  return (fc, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, spec.params, args, kwargs);
    const inputs: Tensor[] = [];
    const converted = new Map<string, NDArray | readonly NDArray[]>();
    for (const name of spec.tensors) {
      const v = b.get(name);
      if (v === undefined || v === null) continue;
      refuseList(v, fc, fn, name);
      const t = toTensor(v, fc, ctx.limits, `${fn} ${name}`);
      inputs.push(t);
      converted.set(name, computeArray(t));
    }
    for (const name of spec.lists ?? []) {
      const v = b.get(name);
      if (v === undefined || v === null) continue;
      const items = isList(v) ? v.items : isNDArray(v) ? [v] : [v];
      items.forEach((x, i) => refuseList(x, fc, fn, `${name}[${i}]`));
      const ts = items.map((x, i) => toTensor(x, fc, ctx.limits, `${fn} ${name}[${i}]`));
      inputs.push(...ts);
      converted.set(name, ts.map(computeArray));
    }
    if (spec.sameDtype !== false) checkSameDtype(inputs, fc, fn);
    const value = spec.compute(converted, b, ctx, fn);
    const wanted = spec.dtypeParam ? toTensorDtype(b.get(spec.dtypeParam), fc, fn) : undefined;
    return finish(value, wanted ?? dtypeOfResult(value, inputs, fc, spec.float === true), fc, inputs, spec.exact, fn);
  };
}

/** JAX's functions take arrays and scalars, not lists (`jnp.sum([1, 2])` raises TypeError); TensorFlow converts them. */
function refuseList(v: PyValue, fc: FrameworkContext, fn: string, name: string): void {
  if (fc.framework === 'jax' && isList(v)) throw new InputError(`${fn}: ${name} is a ${v.tuple ? 'tuple' : 'list'}; JAX's functions take arrays and scalars (TypeError): make it an array with jnp.array`);
}

/** The library dtype of a computed result: bool stays bool; floats and ints follow the inputs (frameworkTensor.ts). */
function dtypeOfResult(value: NDArray | number | boolean, inputs: readonly Tensor[], fc: FrameworkContext, float: boolean): TensorDtype {
  const storage = isNDArray(value) ? dtypeOf(value) : typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int64' : 'float64';
  if (storage === 'bool') return 'bool';
  const r = resultDtype(inputs);
  if (float || storage === 'float64' || storage === 'float32') return floatDtype(r, fc);
  return r === 'bool' ? defaultInt(fc) : r;
}

/** A tensor parameter's converted array. */
export function one(t: Converted, name: string): NDArray {
  const v = t.get(name);
  if (!v || !isNDArray(v)) throw new Error(`internal: tensor argument ${name} missing`);
  return v;
}

/** A list parameter's converted arrays. */
export function many(t: Converted, name: string): readonly NDArray[] {
  const v = t.get(name);
  return v === undefined ? [] : isNDArray(v) ? [v] : v;
}
