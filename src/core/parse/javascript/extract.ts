/**
 * Finds nested-array matrices in JavaScript and TypeScript: `const W_Q = [[1, 0], [0, 1]];`,
 * `let X = [word1, word2]` (rows from earlier vectors), `tf.tensor2d([...])`, `math.matrix([...])`, and flat
 * or typed-array data reshaped by an explicit shape: `tf.tensor2d([1, 2, 3, 4], [2, 2])`,
 * `tf.tensor(new Float64Array([...]), [2, 3])` (row-major, as TensorFlow.js fills it).
 * Elements are arithmetic expressions evaluated safely with mathjs; strings and comments never yield matrices.
 */
import type { Node } from 'web-tree-sitter';
import { InputError } from '../../errors';
import { type Matrix, fromRows } from '../../matrix/matrix';
import type { SourceRange } from '../../range';
import { evaluateElement } from '../element';
import type { GrammarId, GrammarLoader } from '../treeSitter';
import type { FoundMatrix, LanguageId, ParseLimits, Problem, SourceDocument, Target } from '../types';
import { endsBefore } from '../fragment';
import { makeProblem } from '../problem';

const GRAMMAR: Partial<Record<LanguageId, GrammarId>> = {
  javascript: 'javascript', javascriptreact: 'javascript', typescript: 'typescript', typescriptreact: 'tsx',
};

/** Wrappers whose single array argument is the matrix (`tf.tensor2d(rows)`, `math.matrix(rows)`). */
const WRAPPERS = /^(?:tf\.tensor2d|tf\.tensor|tf\.tensor1d|math\.matrix|nj\.array|np\.array|Matrix\.from)$/;

type Vec = { rows: number[][]; labels?: string[] };

/** Reads the matrices of one JS/TS source; `target.range` limits what is reported. */
export async function extractJavaScript(
  loader: GrammarLoader,
  doc: SourceDocument,
  source: number,
  target: Target | undefined,
  limits: ParseLimits,
): Promise<{ matrices: FoundMatrix[]; problems: Problem[] }> {
  const grammar = GRAMMAR[doc.language];
  if (!grammar) return { matrices: [], problems: [] };
  if (doc.text.length > limits.maxTextLength) throw new InputError(`the text has ${doc.text.length} characters, more than the limit of ${limits.maxTextLength}`);
  const parser = await loader.parser(grammar);
  const tree = parser.parse(doc.text);
  if (!tree) throw new InputError('the JavaScript parser could not read this text');
  const matrices: FoundMatrix[] = [];
  const problems: Problem[] = [];
  const env = new Map<string, Vec>();
  const range = (n: Node): SourceRange => ({ start: { line: n.startPosition.row, character: n.startPosition.column }, end: { line: n.endPosition.row, character: n.endPosition.column } });
  const inTarget = (r: SourceRange): boolean => !target?.range || (!endsBefore(r.end, target.range.start) && !endsBefore(target.range.end, r.start));

  /** Looks at one node; returns true when its children need not be visited (it was read as a matrix). */
  const visit = (n: Node): boolean => {
    let name: string | undefined, value: Node | null = null, statement: Node = n;
    if (n.type === 'variable_declarator') {
      const id = n.childForFieldName('name');
      if (id?.type === 'identifier') { name = id.text; value = n.childForFieldName('value'); statement = n.parent?.type.endsWith('declaration') ? n.parent : n; }
    } else if (n.type === 'assignment_expression') {
      const left = n.childForFieldName('left');
      if (left?.type === 'identifier') { name = left.text; value = n.childForFieldName('right'); }
    } else if (n.type === 'array' && !isInsideArray(n) && !isBound(n)) {
      value = n;
    }
    if (value) {
      const unwrapped = unwrap(value);
      if (unwrapped) {
        const r = range(statement);
        try {
          const data = readArray(unwrapped.array, env, limits, name ?? 'array', 0);
          const vec = unwrapped.shape ? reshape(data, unwrapped.shape, limits) : data;
          if (name) env.set(name, vec);
          if (inTarget(r)) {
            const m: Matrix = fromRows(vec.rows, name ?? 'array');
            matrices.push({ name: name ?? null, matrix: m, range: r, source, expression: value.text.slice(0, 200), ...(vec.labels ? { rowLabels: vec.labels } : {}) });
          }
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          if (name) env.delete(name);
          if (inTarget(r)) problems.push(makeProblem({ subject: name ?? 'array', cause: e.detail, range: r, source, names: name ? [name] : [] }));
        }
        return true;
      }
    }
    return false;
  };
  try {
    // Pre-order, in source order, with an explicit stack: a chain of 5,000 `+` is a tree 5,000 deep.
    const stack: Node[] = [tree.rootNode];
    for (let n = stack.pop(); n; n = stack.pop()) {
      if (visit(n)) continue;
      const children = n.namedChildren;
      for (let k = children.length - 1; k >= 0; k--) {
        const c = children[k];
        if (c) stack.push(c);
      }
    }
  } finally {
    tree.delete();
  }
  return { matrices, problems };
}

/** Typed arrays that hold a tensor's flat data: `new Float32Array([...])`. */
const TYPED_ARRAY = /^(?:Float32|Float64|Int8|Int16|Int32|Uint8|Uint16|Uint32|Uint8Clamped)Array$/;

/** The array literal a value is made of, and the explicit shape argument of `tf.tensor2d(data, shape)`. */
function unwrap(n: Node): { array: Node; shape?: Node } | undefined {
  let cur = n;
  while (cur.type === 'parenthesized_expression' || cur.type === 'as_expression' || cur.type === 'satisfies_expression') {
    const inner = cur.namedChildren[0];
    if (!inner) return undefined;
    cur = inner;
  }
  if (cur.type === 'array') return isNumericArray(cur) ? { array: cur } : undefined;
  if (cur.type === 'call_expression') {
    const fn = cur.childForFieldName('function')?.text ?? '';
    const args = cur.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null) ?? [];
    const data = args[0] && typedArrayData(args[0]);
    const shape = args[1]?.type === 'array' && /^tf\.tensor(?:2d)?$/.test(fn) ? args[1] : undefined;
    if (WRAPPERS.test(fn) && data && isNumericArray(data)) return shape ? { array: data, shape } : args[0].type === 'array' ? { array: data } : undefined;
  }
  return undefined;
}

/** `[...]` itself, or the array inside `new Float32Array([...])`. */
function typedArrayData(n: Node): Node | undefined {
  if (n.type === 'array') return n;
  if (n.type !== 'new_expression' || !TYPED_ARRAY.test(n.childForFieldName('constructor')?.text ?? '')) return undefined;
  const inner = n.childForFieldName('arguments')?.namedChildren[0];
  return inner?.type === 'array' ? inner : undefined;
}

/**
 * Flat data (or nested rows) given the shape `[rows, cols]` (or `[n]`), filled row by row.
 * @throws InputError when the shape is not 1-D or 2-D or does not hold exactly the data.
 */
function reshape(data: Vec, shapeNode: Node, limits: ParseLimits): Vec {
  const shape = shapeNode.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').map((c, i) => evaluateElement(c.text, `shape[${i}]`));
  if (shape.length < 1 || shape.length > 2 || shape.some((d) => !Number.isInteger(d) || d < 1)) throw new InputError(`shape [${shape.join(', ')}] is not a 1-D or 2-D shape of positive whole numbers`);
  const [r, c] = shape.length === 1 ? [1, shape[0]] : shape;
  if (r * c > limits.maxElements) throw new InputError(`shape [${shape.join(', ')}] has more than ${limits.maxElements} entries`);
  const flat = data.rows.flat();
  if (flat.length !== r * c) throw new InputError(`shape [${shape.join(', ')}] needs ${r * c} values but the data has ${flat.length}`);
  return { rows: Array.from({ length: r }, (_, i) => flat.slice(i * c, (i + 1) * c)) };
}

/** An array literal whose leaves look like numbers or names (not strings, objects or functions). */
function isNumericArray(n: Node): boolean {
  return n.descendantsOfType(['string', 'template_string', 'object', 'arrow_function', 'function_expression']).length === 0 && n.namedChildren.length > 0;
}

function isInsideArray(n: Node): boolean {
  return n.parent?.type === 'array' || (n.parent?.type === 'arguments' && (n.parent.parent?.type === 'call_expression' || n.parent.parent?.type === 'new_expression'));
}

function isBound(n: Node): boolean {
  const p = n.parent;
  return p?.type === 'variable_declarator' || p?.type === 'assignment_expression';
}

function readArray(n: Node, env: ReadonlyMap<string, Vec>, limits: ParseLimits, what: string, depth: number): Vec {
  if (depth > limits.maxNestingDepth) throw new InputError(`array nested deeper than ${limits.maxNestingDepth} levels`);
  const items = n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  if (items.length > limits.maxElements) throw new InputError(`more than ${limits.maxElements} entries`);
  const nested = items.filter((c) => c.type === 'array' || (c.type === 'identifier' && env.has(c.text)));
  if (nested.length === 0) return { rows: [items.map((c, j) => evaluateElement(c.text, `${what}[${j}]`))] };
  if (nested.length !== items.length) throw new InputError('rows mix numbers and arrays');
  const rows: number[][] = [];
  const labels: string[] = [];
  items.forEach((c, i) => {
    const v = c.type === 'array' ? readArray(c, env, limits, `${what}[${i}]`, depth + 1) : (env.get(c.text) as Vec);
    if (v.rows.length !== 1) throw new InputError(`element ${i} is a matrix; 3-D arrays are not supported`);
    rows.push(v.rows[0]);
    labels.push(c.type === 'identifier' ? c.text : '');
  });
  if (rows.length * (rows[0]?.length ?? 0) > limits.maxElements) throw new InputError(`more than ${limits.maxElements} entries`);
  return labels.every((l) => l !== '') ? { rows, labels } : { rows };
}
