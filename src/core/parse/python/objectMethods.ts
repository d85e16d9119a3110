/**
 * Methods of Python's built-in values: `str` (`split`, `strip`, `join`, `lower`…), `list` (`append`,
 * `extend`, `index`…), `dict` (`items`, `keys`, `values`, `get`, `update`…) and `set` (`add`…). A method that
 * changes its object in place returns the new object as `updated`; the evaluator rebinds the name and makes
 * the other holders of the old object unknown (aliases.ts).
 */
import { InputError } from '../../errors';
import { contains, dictGet, dictSet, hashKey, iterate, makeDict, makeSet, pyEquals, repr } from './containers';
import { toInt } from './convert';
import { NotEvaluable } from './library';
import { order } from './operators';
import { type Kwargs, type PyBound, type PyDict, type PyList, type PySet, type PyValue, isDict, isList, list, tuple, typeName } from './values';

const STR_METHODS = new Set(['split', 'rsplit', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'join', 'replace', 'startswith', 'endswith', 'count', 'find', 'index', 'splitlines', 'isdigit', 'isalpha', 'title', 'capitalize', 'format']);
const LIST_METHODS = new Set(['append', 'extend', 'insert', 'pop', 'remove', 'clear', 'sort', 'reverse', 'index', 'count', 'copy']);
const DICT_METHODS = new Set(['keys', 'values', 'items', 'get', 'copy', 'update', 'setdefault', 'pop', 'clear']);
const SET_METHODS = new Set(['add', 'discard', 'remove', 'update', 'clear', 'copy', 'union', 'intersection', 'difference', 'issubset', 'issuperset']);

/** Methods that change their object in place (by kind). */
export const MUTATING: Readonly<Record<'list' | 'dict' | 'set', ReadonlySet<string>>> = {
  list: new Set(['append', 'extend', 'insert', 'pop', 'remove', 'clear', 'sort', 'reverse']),
  dict: new Set(['update', 'setdefault', 'pop', 'clear']),
  set: new Set(['add', 'discard', 'remove', 'update', 'clear']),
};

/** Method names that change an object in place in Python, NumPy or PyTorch (`x.fill(0)`, `w.add_(…)`). */
export function isMutatorName(name: string): boolean {
  return MUTATING.list.has(name) || MUTATING.dict.has(name) || MUTATING.set.has(name) || ['fill', 'resize', 'put', 'itemset', 'setflags', 'sort', 'partition'].includes(name) ||
    (/[a-z0-9]_$/.test(name) && !name.startsWith('__'));
}

/** `value.name` for a str, list, dict or set: a bound method. */
export function objectAttribute(value: PyValue, name: string): PyBound {
  const ok = typeof value === 'string' ? STR_METHODS.has(name) : isList(value) ? (value.tuple ? name === 'index' || name === 'count' : LIST_METHODS.has(name)) :
    isDict(value) ? DICT_METHODS.has(name) : value !== null && typeof value === 'object' && value.kind === 'set' ? SET_METHODS.has(name) : false;
  if (!ok) throw new NotEvaluable(`attribute .${name} of ${typeName(value)} is not evaluated`);
  return { kind: 'bound', self: value, name };
}

/** True when calling `m` changes its object in place. */
export function isMutatingCall(m: PyBound): boolean {
  const s = m.self;
  if (isList(s) && !s.tuple) return MUTATING.list.has(m.name);
  if (isDict(s)) return MUTATING.dict.has(m.name);
  if (s !== null && typeof s === 'object' && s.kind === 'set') return MUTATING.set.has(m.name);
  return false;
}

/** What a method call gives back, and the object's new value when it changes in place. */
export interface MethodResult {
  readonly result: PyValue;
  readonly updated?: PyValue;
}

/** Calls a method of a built-in value. `sortKey` compares with a `key=` function (for `list.sort`). */
export function callObjectMethod(m: PyBound, args: readonly PyValue[], kwargs: Kwargs, key: (v: PyValue) => PyValue): MethodResult {
  const s = m.self;
  if (typeof s === 'string') return { result: strMethod(s, m.name, args, kwargs) };
  if (isList(s)) return listMethod(s, m.name, args, kwargs, key);
  if (isDict(s)) return dictMethod(s, m.name, args);
  if (s !== null && typeof s === 'object' && s.kind === 'set') return setMethod(s, m.name, args);
  throw new NotEvaluable(`method ${m.name} of ${typeName(s)} is not evaluated`);
}

/** Python's whitespace for `str.split()` and `str.strip()` (not U+FEFF, unlike JavaScript's `\s`). */
const WS = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function str(v: PyValue, what: string): string {
  if (typeof v !== 'string') throw new InputError(`${what} must be str, not ${typeName(v)}`);
  return v;
}

function stripChars(s: string, chars: string, left: boolean, right: boolean): string {
  const cs = [...s];
  let i = 0, j = cs.length;
  if (left) while (i < j && chars.includes(cs[i])) i++;
  if (right) while (j > i && chars.includes(cs[j - 1])) j--;
  return cs.slice(i, j).join('');
}

function strMethod(s: string, name: string, args: readonly PyValue[], kwargs: Kwargs): PyValue {
  const a0 = args[0] ?? kwargs.get('sep') ?? null;
  switch (name) {
    case 'split': case 'rsplit': {
      const maxsplit = toInt(args[1] ?? kwargs.get('maxsplit') ?? -1, 'maxsplit');
      if (maxsplit >= 0 && name === 'rsplit') throw new NotEvaluable('rsplit with maxsplit is not evaluated');
      if (a0 === null) {
        const words: string[] = [];
        let cur = '';
        let splits = 0;
        const cs = [...s];
        for (let i = 0; i < cs.length; i++) {
          const c = cs[i];
          if (WS.includes(c)) {
            if (cur) {
              words.push(cur);
              cur = '';
              splits++;
              if (maxsplit >= 0 && splits >= maxsplit) {
                const rest = stripChars(cs.slice(i).join(''), WS, true, false);
                if (rest) words.push(rest);
                return list(words);
              }
            }
          } else cur += c;
        }
        if (cur) words.push(cur);
        return list(words);
      }
      const sep = str(a0, 'sep');
      if (sep === '') throw new InputError('ValueError: empty separator');
      const parts = s.split(sep);
      if (maxsplit >= 0 && parts.length > maxsplit + 1) return list([...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)]);
      return list(parts);
    }
    case 'strip': case 'lstrip': case 'rstrip': {
      const chars = args[0] == null ? WS : str(args[0], 'chars');
      return stripChars(s, chars, name !== 'rstrip', name !== 'lstrip');
    }
    case 'lower': case 'upper': {
      if (/[^ -~\t\n\r]/.test(s)) throw new NotEvaluable(`str.${name}() of non-ASCII text is not evaluated`);
      return name === 'lower' ? s.toLowerCase() : s.toUpperCase();
    }
    case 'join': {
      const items = iterate(args[0] ?? null);
      return items.map((x, i) => {
        if (typeof x !== 'string') throw new InputError(`sequence item ${i}: expected str instance, ${typeName(x)} found`);
        return x;
      }).join(s);
    }
    case 'replace': {
      const old = str(args[0] ?? null, 'old'), neu = str(args[1] ?? null, 'new');
      if (args[2] != null || old === '') throw new NotEvaluable('str.replace with a count or an empty pattern is not evaluated');
      return s.split(old).join(neu);
    }
    case 'startswith': case 'endswith': {
      const p = args[0] ?? null;
      const ps = isList(p) && p.tuple ? p.items.map((x) => str(x, 'prefix')) : [str(p, 'prefix')];
      return ps.some((x) => (name === 'startswith' ? s.startsWith(x) : s.endsWith(x)));
    }
    case 'count': {
      const sub = str(args[0] ?? null, 'sub');
      if (sub === '') return [...s].length + 1;
      return s.split(sub).length - 1;
    }
    case 'find': case 'index': {
      const sub = str(args[0] ?? null, 'sub');
      if (args.length > 1) throw new NotEvaluable(`str.${name} with start/end is not evaluated`);
      const i = s.indexOf(sub);
      if (i < 0 && name === 'index') throw new InputError('ValueError: substring not found');
      return i < 0 ? -1 : [...s.slice(0, i)].length;
    }
    case 'isdigit': return s.length > 0 && /^[0-9]+$/.test(s) ? true : !/[^ -~\t\n\r]/.test(s) ? false : notAscii(name);
    case 'isalpha': return s.length > 0 && /^[A-Za-z]+$/.test(s) ? true : !/[^ -~\t\n\r]/.test(s) ? false : notAscii(name);
    default: throw new NotEvaluable(`str.${name}() is not evaluated`);
  }
}

function notAscii(name: string): never {
  throw new NotEvaluable(`str.${name}() of non-ASCII text is not evaluated`);
}

function listMethod(l: PyList, name: string, args: readonly PyValue[], kwargs: Kwargs, key: (v: PyValue) => PyValue): MethodResult {
  const items = l.items;
  const make = (xs: PyValue[]): PyList => ({ kind: 'list', items: xs, tuple: false });
  switch (name) {
    case 'append': { // a copy (earlier lines keep the old list): slice and push, several times faster than a spread
      const xs = items.slice();
      xs.push(arg(args, 0, 'append'));
      return { result: null, updated: make(xs) };
    }
    case 'extend': return { result: null, updated: make([...items, ...iterate(arg(args, 0, 'extend'))]) };
    case 'insert': {
      const n = items.length;
      let i = toInt(arg(args, 0, 'insert'), 'index');
      if (i < 0) i = Math.max(0, i + n);
      i = Math.min(i, n);
      return { result: null, updated: make([...items.slice(0, i), arg(args, 1, 'insert'), ...items.slice(i)]) };
    }
    case 'pop': {
      if (items.length === 0) throw new InputError('IndexError: pop from empty list');
      const n = items.length;
      const raw = args.length ? toInt(args[0], 'index') : -1;
      const i = raw < 0 ? raw + n : raw;
      if (i < 0 || i >= n) throw new InputError('IndexError: pop index out of range');
      return { result: items[i], updated: make([...items.slice(0, i), ...items.slice(i + 1)]) };
    }
    case 'remove': {
      const i = items.findIndex((x) => pyEquals(x, arg(args, 0, 'remove')));
      if (i < 0) throw new InputError('ValueError: list.remove(x): x not in list');
      return { result: null, updated: make([...items.slice(0, i), ...items.slice(i + 1)]) };
    }
    case 'clear': return { result: null, updated: make([]) };
    case 'reverse': return { result: null, updated: make([...items].reverse()) };
    case 'sort': {
      const k = kwargs.get('key') ?? null;
      const reverse = kwargs.get('reverse') === true;
      const keyed = items.map((v) => ({ v, k: k === null ? v : key(v) }));
      keyed.sort((a, b) => {
        const c = order(a.k, b.k);
        if (Number.isNaN(c)) throw new NotEvaluable('sorting NaN values is not evaluated');
        return reverse ? -c : c;
      });
      return { result: null, updated: make(keyed.map((x) => x.v)) };
    }
    case 'index': {
      const i = items.findIndex((x) => pyEquals(x, arg(args, 0, 'index')));
      if (i < 0) throw new InputError(`ValueError: ${repr(args[0])} is not in list`);
      return { result: i };
    }
    case 'count': return { result: items.filter((x) => pyEquals(x, arg(args, 0, 'count'))).length };
    case 'copy': return { result: make([...items]) };
    default: throw new NotEvaluable(`list.${name}() is not evaluated`);
  }
}

function arg(args: readonly PyValue[], i: number, name: string): PyValue {
  if (args.length <= i) throw new InputError(`${name}() missing an argument`);
  return args[i];
}

function dictMethod(d: PyDict, name: string, args: readonly PyValue[]): MethodResult {
  switch (name) {
    case 'keys': case 'values': case 'items': return { result: { kind: 'view', what: name, dict: d } };
    case 'get': {
      const e = d.entries.get(hashKey(arg(args, 0, 'get')));
      return { result: e ? e[1] : args[1] ?? null };
    }
    case 'copy': return { result: makeDict(d.entries.values()) };
    case 'update': {
      let out = d;
      const src = arg(args, 0, 'update');
      const pairs = isDict(src) ? [...src.entries.values()] : iterate(src).map((p) => {
        const kv = iterate(p);
        if (kv.length !== 2) throw new InputError(`dictionary update sequence element has length ${kv.length}; 2 is required`);
        return [kv[0], kv[1]] as const;
      });
      for (const [k, v] of pairs) out = dictSet(out, k, v);
      return { result: null, updated: out };
    }
    case 'setdefault': {
      const k = arg(args, 0, 'setdefault');
      if (contains(d, k)) return { result: dictGet(d, k) };
      const v = args[1] ?? null;
      return { result: v, updated: dictSet(d, k, v) };
    }
    case 'pop': {
      const k = arg(args, 0, 'pop');
      const h = hashKey(k);
      const e = d.entries.get(h);
      if (!e) {
        if (args.length > 1) return { result: args[1] };
        throw new InputError(`KeyError: ${repr(k)}`);
      }
      const entries = new Map(d.entries);
      entries.delete(h);
      return { result: e[1], updated: { kind: 'dict', entries } };
    }
    case 'clear': return { result: null, updated: makeDict([]) };
    default: throw new NotEvaluable(`dict.${name}() is not evaluated`);
  }
}

function setMethod(s: PySet, name: string, args: readonly PyValue[]): MethodResult {
  const vals = [...s.entries.values()];
  switch (name) {
    case 'add': return { result: null, updated: makeSet([...vals, arg(args, 0, 'add')]) };
    case 'update': return { result: null, updated: makeSet([...vals, ...args.flatMap((a) => setItems(a))]) };
    case 'discard': case 'remove': {
      const h = hashKey(arg(args, 0, name));
      if (!s.entries.has(h)) {
        if (name === 'remove') throw new InputError(`KeyError: ${repr(args[0])}`);
        return { result: null, updated: s };
      }
      const entries = new Map(s.entries);
      entries.delete(h);
      return { result: null, updated: { kind: 'set', entries } };
    }
    case 'clear': return { result: null, updated: makeSet([]) };
    case 'copy': return { result: makeSet(vals) };
    case 'union': return { result: makeSet([...vals, ...args.flatMap((a) => setItems(a))]) };
    case 'intersection': {
      const others = args.map((a) => makeSet(setItems(a)));
      return { result: makeSet(vals.filter((x) => others.every((o) => o.entries.has(hashKey(x))))) };
    }
    case 'difference': {
      const others = args.map((a) => makeSet(setItems(a)));
      return { result: makeSet(vals.filter((x) => others.every((o) => !o.entries.has(hashKey(x))))) };
    }
    case 'issubset': { const o = makeSet(setItems(arg(args, 0, name))); return { result: vals.every((x) => o.entries.has(hashKey(x))) }; }
    case 'issuperset': { const o = makeSet(setItems(arg(args, 0, name))); return { result: [...o.entries.keys()].every((h) => s.entries.has(h)) }; }
    default: throw new NotEvaluable(`set.${name}() is not evaluated`);
  }
}

/** The items of a set or of any iterable (for set operations, where order does not matter). */
function setItems(v: PyValue): PyValue[] {
  if (v !== null && typeof v === 'object' && v.kind === 'set') return [...v.entries.values()];
  return iterate(v);
}

export { tuple };
