/**
 * Evaluates one matrix element written as an arithmetic expression (`1/2`, `-3e-2`, `Math.sqrt(2)`,
 * `np.pi`), safely: the text is parsed with mathjs and only numbers, `+ − × ÷ ^`, parentheses, the constants
 * π and e and a short list of functions are accepted. Nothing from the user's file is ever executed.
 */
import type { MathNode } from 'mathjs';
import { InputError } from '../errors';

/**
 * mathjs' expression parser, loaded and created on first use with only the factories `parse` depends on:
 * compiling mathjs and creating the parser cost about 100 ms of CPU, which neither activation nor a file of
 * plain numbers should pay. In the Node bundles `./mathParser` is a separate file (see esbuild.js).
 */
let parser: ((expr: string) => MathNode) | undefined;
function parse(expr: string): MathNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= (require('./mathParser') as typeof import('./mathParser')).createMathParser();
  return parser(expr);
}

/**
 * A plain decimal literal (`3`, `-0.5`, `1e-3`, `.5`, `2.`): its value is `Number(text)`, exactly what mathjs
 * gives for it (a ConstantNode holding `Number(digits)`, negated by `unaryMinus` for a leading `−`).
 */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const FUNCTIONS: Readonly<Record<string, (...x: number[]) => number>> = {
  sqrt: Math.sqrt, exp: Math.exp, log: Math.log, abs: Math.abs, sin: Math.sin, cos: Math.cos, tan: Math.tan, tanh: Math.tanh,
  pow: Math.pow, cbrt: Math.cbrt,
};
const CONSTANTS: Readonly<Record<string, number>> = { SQRT2: Math.SQRT2, SQRT1_2: Math.SQRT1_2, LN2: Math.LN2, pi: Math.PI, e: Math.E, PI: Math.PI, E: Math.E, Infinity, inf: Infinity, NaN, nan: NaN };
const OPERATORS: Readonly<Record<string, (...x: number[]) => number>> = {
  add: (a, b) => a + b, subtract: (a, b) => a - b, multiply: (a, b) => a * b, divide: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b), unaryMinus: (a) => -a, unaryPlus: (a) => a, mod: (a, b) => a % b,
};

/** Strips host-language prefixes so that `Math.sqrt`, `np.pi`, `math.sqrt` and `0.5f` read as mathjs does. */
function normalise(text: string): string {
  return text
    .replace(/\b(?:Math|math|np|numpy|torch|jnp)\./g, '')
    .replace(/\*\*/g, '^')
    .replace(/(\d(?:\.\d*)?(?:[eE][+-]?\d+)?)[fFdDlL]\b/g, '$1')
    .replace(/\b\d+(?:_\d+)+\b/g, (digits) => digits.replace(/_/g, ''));
}

/**
 * The value of an element expression. `what` names the element in messages (e.g. `W_Q[1][2]`).
 * @throws InputError when the text is not a plain arithmetic expression.
 */
export function evaluateElement(text: string, what: string): number {
  const plain = text.trim();
  if (PLAIN_NUMBER.test(plain)) return Number(plain);
  let node: MathNode;
  try {
    node = parse(normalise(text.trim()));
  } catch {
    throw new InputError(`${what}: '${text.trim()}' is not a number or an arithmetic expression`);
  }
  return walk(node, text.trim(), what, 0);
}

/** Deepest element expression walked (`1+1+…` of 5,000 terms is a tree 5,000 deep): far beyond real entries. */
const MAX_ELEMENT_DEPTH = 256;

function walk(n: MathNode, text: string, what: string, depth: number): number {
  const bad = (why: string): never => {
    throw new InputError(`${what}: '${text.length > 60 ? `${text.slice(0, 60)}…` : text}' is not allowed in a matrix element (${why})`);
  };
  if (depth > MAX_ELEMENT_DEPTH) bad(`nested deeper than ${MAX_ELEMENT_DEPTH} levels`);
  switch (n.type) {
    case 'ConstantNode': {
      const v = (n as unknown as { value: unknown }).value;
      return typeof v === 'number' ? v : bad('not a number');
    }
    case 'ParenthesisNode':
      return walk((n as unknown as { content: MathNode }).content, text, what, depth + 1);
    case 'SymbolNode': {
      const name = (n as unknown as { name: string }).name;
      return Object.prototype.hasOwnProperty.call(CONSTANTS, name) ? CONSTANTS[name] : bad(`unknown name ${name}`);
    }
    case 'OperatorNode': {
      const op = n as unknown as { fn: string; args: MathNode[] };
      const f = OPERATORS[op.fn];
      return f ? f(...op.args.map((a) => walk(a, text, what, depth + 1))) : bad(`operator ${op.fn}`);
    }
    case 'FunctionNode': {
      const fn = n as unknown as { fn: { name?: string }; args: MathNode[] };
      const name = fn.fn.name ?? '';
      const f = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      return f ? f(...fn.args.map((a) => walk(a, text, what, depth + 1))) : bad(`function ${name || '?'}`);
    }
    default:
      return bad(n.type);
  }
}
