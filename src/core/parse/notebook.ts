/** Reads a Jupyter notebook (`.ipynb`): its cells in order, code cells as the program. */
import { InputError } from '../errors';
import type { LanguageId, SourceDocument } from './types';

/**
 * The cells of a notebook as sources, in order (index = cell index). Code cells take the notebook's
 * language (Python when unstated); markdown cells are kept (for LaTeX matrices) as `markdown`.
 * @throws InputError `not a valid notebook: …` naming what is wrong when the JSON is not an nbformat
 * notebook (no `cells` list, a cell that is not an object, a `source` that is not text, a language name
 * that is not a string).
 */
export function notebookSources(json: string): SourceDocument[] {
  let nb: unknown;
  try {
    nb = JSON.parse(json);
  } catch (e) {
    throw new InputError(`not a valid notebook: ${(e as Error).message}`);
  }
  if (!isObject(nb) || !Array.isArray(nb.cells)) throw new InputError('not a valid notebook: no "cells" list');
  const codeLanguage = notebookLanguage(nb.metadata);
  return nb.cells.map((cell: unknown, i: number): SourceDocument => {
    if (!isObject(cell)) throw new InputError(`not a valid notebook: cell ${i} is ${describe(cell)}, not an object`);
    if (typeof cell.cell_type !== 'string') throw new InputError(`not a valid notebook: cell ${i} has no cell_type`);
    const src = cellSource(cell.source, i);
    // IPython magics and shell escapes are not Python: blank them so that line numbers stay put.
    const text = cell.cell_type === 'code' ? src.replace(/^[ \t]*[%!].*$/gm, '') : src;
    return { text, language: cell.cell_type === 'code' ? codeLanguage : 'markdown' };
  });
}

/** The language of the code cells, from `language_info.name` or `kernelspec.language` (Python when unstated). */
function notebookLanguage(meta: unknown): LanguageId {
  if (meta === undefined) return 'python';
  if (!isObject(meta)) throw new InputError(`not a valid notebook: metadata is ${describe(meta)}, not an object`);
  const info = meta.language_info, spec = meta.kernelspec;
  const name = isObject(info) && info.name !== undefined ? info.name : isObject(spec) && spec.language !== undefined ? spec.language : 'python';
  if (typeof name !== 'string') throw new InputError(`not a valid notebook: the language name is ${describe(name)}, not a string`);
  const lang = name.toLowerCase();
  return lang === 'javascript' || lang === 'typescript' ? lang : 'python';
}

/** A cell's `source`: a string, or a list of strings (lines); missing means empty. */
function cellSource(source: unknown, i: number): string {
  if (source === undefined || source === null) return '';
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((s) => typeof s === 'string')) return source.join('');
  throw new InputError(`not a valid notebook: the source of cell ${i} is ${describe(source)}, not text`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  return x === null ? 'null' : Array.isArray(x) ? 'a list' : `a ${typeof x}`;
}
