/**
 * Finds LaTeX matrices in `.tex` files and in Markdown math: the `bmatrix`, `pmatrix`, `vmatrix`, `Vmatrix`,
 * `Bmatrix`, `matrix`, `smallmatrix` and `array` environments (starred forms too), rows split by `\\`, entries
 * by `&`. A matrix is named by what precedes it: `Q = \begin{bmatrix}` → `Q`, `W_{Q} =` → `W_Q`,
 * `W^Q =` → `W_Q`, `\mathbf{K} =` → `K`, `Q = XW_Q = \begin…` → `Q`. Entries may be written with `\frac`,
 * `\sqrt`, `\cdot`, `\times`, `\pi`, decimals and signs; a matrix with symbolic entries (`q_{11}`, `\cdots`) is
 * skipped quietly, and a numeric one with ragged rows is a problem.
 */
import { InputError } from '../../errors';
import { evaluateElement } from '../element';
import { type Grid, MatrixCollector, type NotationResult } from '../literal/report';
import type { ParseLimits, SourceDocument, Target } from '../types';
import { latexToArithmetic } from './element';
import { MASK, markdownMath, texMath } from './regions';
import { nameBefore } from './names';

const ENVIRONMENTS = /\\begin\s*\{(bmatrix|pmatrix|vmatrix|Vmatrix|Bmatrix|matrix|smallmatrix|array)(\*?)\}/g;
const RIGHT = /\s*\\right\s*(?:\\[}|]|\\[rR]vert|\\rangle|[\])|.}])/y;
const RULES = /\\(?:hline|midrule|toprule|bottomrule|hdashline)\b|\\(?:cline|noalign)\s*\{[^{}]*\}/g;

/**
 * The matrices written as LaTeX environments in one `.tex` source, or in the math of one Markdown source
 * (language `markdown`, e.g. a notebook's markdown cell). Only what overlaps `target.range` is reported.
 * @throws InputError when the text is longer than `limits.maxTextLength`.
 */
export function extractLatex(doc: SourceDocument, source: number, target: Target | undefined, limits: ParseLimits): NotationResult {
  const collector = new MatrixCollector(doc, source, target, limits);
  const text = doc.language === 'markdown' ? markdownMath(doc.text) : texMath(doc.text);
  let boundary = 0;
  ENVIRONMENTS.lastIndex = 0;
  for (let m = ENVIRONMENTS.exec(text); m; m = ENVIRONMENTS.exec(text)) {
    const env = m[1] + m[2];
    const bodyStart = skipArguments(text, m.index + m[0].length, m[1]);
    const bodyEnd = findEnd(text, bodyStart, env);
    if (bodyEnd < 0) break;
    let stop = bodyEnd + `\\end{${env}}`.length;
    RIGHT.lastIndex = stop;
    const right = RIGHT.exec(text);
    if (right) stop += right[0].length;
    const named = nameBefore(text, m.index, boundary);
    const body = text.slice(bodyStart, bodyEnd);
    collector.add({
      name: named.name,
      start: named.start,
      end: stop,
      expression: doc.text.slice(m.index, stop),
      kind: env,
      read: () => readBody(body, limits),
    });
    boundary = stop;
    ENVIRONMENTS.lastIndex = stop;
  }
  return collector.done();
}

/** Skips `array`'s `[pos]{cols}` and `bmatrix*`'s `[r]` after `\begin{…}`. */
function skipArguments(text: string, at: number, env: string): number {
  const opt = /\s*\[[^\]\n]*\]/y;
  opt.lastIndex = at;
  let i = opt.exec(text) ? opt.lastIndex : at;
  if (env === 'array') {
    const spec = /\s*\{((?:[^{}]|\{[^{}]*\})*)\}/y;
    spec.lastIndex = i;
    if (spec.exec(text)) i = spec.lastIndex;
  }
  return i;
}

/** The offset of the `\end{env}` closing the body starting at `from` (same environments may nest), or -1. */
function findEnd(text: string, from: number, env: string): number {
  const re = new RegExp(`\\\\(begin|end)\\s*\\{${env.replace('*', '\\*')}\\}`, 'g');
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    depth += m[1] === 'begin' ? 1 : -1;
    if (depth === 0) return m.index;
  }
  return -1;
}

/** The rows of a matrix body: `\\` between rows, `&` between entries; undefined when an entry is not a number. */
function readBody(body: string, limits: ParseLimits): Grid | undefined {
  const clean = body.replace(RULES, (s) => ' '.repeat(s.length)).split(MASK).join(' ');
  const rows: number[][] = [];
  for (const [r, row] of splitTop(clean, /\\\\(?:\s*\[[^\]]*\])?|\\cr\b/y).entries()) {
    const cells = splitTop(row, /&/y).map((c) => c.trim());
    if (cells.every((c) => c === '')) continue;
    const values: number[] = [];
    for (const [c, cell] of cells.entries()) {
      const arithmetic = latexToArithmetic(cell, limits.maxNestingDepth);
      if (arithmetic === undefined) return undefined;
      try {
        values.push(evaluateElement(arithmetic, `[${r}][${c}]`));
      } catch (e) {
        if (e instanceof InputError) return undefined;
        throw e;
      }
    }
    rows.push(values);
  }
  return { rows };
}

/** Splits `text` at the separator matched by sticky `sep`, outside braces and not after a backslash. */
function splitTop(text: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (depth === 0) {
      sep.lastIndex = i;
      const m = sep.exec(text);
      if (m) {
        parts.push(text.slice(from, i));
        i += m[0].length - 1;
        from = i + 1;
        continue;
      }
    }
    if (c === '\\') i++; // `\&`, `\{`, and the second backslash of `\\` when it is not a separator
  }
  parts.push(text.slice(from));
  return parts;
}
