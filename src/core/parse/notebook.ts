/** Reads a Jupyter notebook (`.ipynb`): its cells in order, code cells as the program. */
import { InputError } from '../errors';
import type { LanguageId, SourceDocument } from './types';

/**
 * The cells of a notebook as sources, in order (index = cell index). Code cells take the notebook's
 * language (Python when unstated); markdown cells are kept (for LaTeX matrices) as `markdown`.
 * @throws InputError when the text is not a notebook.
 */
export function notebookSources(json: string): SourceDocument[] {
  let nb: unknown;
  try {
    nb = JSON.parse(json);
  } catch (e) {
    throw new InputError(`not a valid notebook: ${(e as Error).message}`);
  }
  if (typeof nb !== 'object' || nb === null || !Array.isArray((nb as { cells?: unknown }).cells)) {
    throw new InputError('not a valid notebook: no "cells" list');
  }
  const meta = (nb as { metadata?: { kernelspec?: { language?: string }; language_info?: { name?: string } } }).metadata;
  const lang = (meta?.language_info?.name ?? meta?.kernelspec?.language ?? 'python').toLowerCase();
  const codeLanguage: LanguageId = lang === 'javascript' || lang === 'typescript' ? lang : 'python';
  return ((nb as { cells: unknown[] }).cells).map((cell, i) => {
    const c = cell as { cell_type?: unknown; source?: unknown };
    const src = Array.isArray(c.source) ? c.source.join('') : typeof c.source === 'string' ? c.source : '';
    if (typeof c.cell_type !== 'string') throw new InputError(`not a valid notebook: cell ${i} has no cell_type`);
    // IPython magics and shell escapes are not Python: blank them so that line numbers stay put.
    const text = c.cell_type === 'code' ? src.replace(/^[ \t]*[%!].*$/gm, '') : src;
    return { text, language: c.cell_type === 'code' ? codeLanguage : 'markdown' };
  });
}
