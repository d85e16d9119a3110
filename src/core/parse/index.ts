/** The parser's entry point: the matrices of a file, a selection or a notebook, whatever the host language. */
import { InputError } from '../errors';
import { extractJavaScript } from './javascript/extract';
import { extractNotation } from './notations';
import { extractPython, extractPythonIncremental } from './python/extract';
import type { ProgramCache } from './python/incremental';
import type { GrammarLoader } from './treeSitter';
import { DEFAULT_PARSE_LIMITS, type Extraction, type ParseLimits, type SourceDocument, type Target } from './types';

/**
 * Finds every matrix-valued name or literal in `sources` (one file, or a notebook's cells in order), in
 * source order. With a `target`, only that source (cell) is reported, and only the part inside `target.range`;
 * what comes before still resolves names. Bad input yields `problems` (ragged rows, shape mismatches), not
 * exceptions; only an unreadable or too large input throws {@link InputError}.
 */
export async function extractMatrices(
  loader: GrammarLoader,
  sources: readonly SourceDocument[],
  target?: Target,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  cache?: ProgramCache,
): Promise<Extraction> {
  if (target && (target.source < 0 || target.source >= sources.length)) throw new InputError(`no cell ${target.source}`);
  // The limit holds per document: a notebook's cells count together.
  const total = sources.reduce((n, s) => n + s.text.length, 0);
  if (total > limits.maxTextLength) {
    throw new InputError(`the ${sources.length > 1 ? `notebook's ${sources.length} cells have` : 'text has'} ${total} characters, more than the limit of ${limits.maxTextLength} (setting attentionExplorer.limits.maxFileSize)`);
  }
  // Whole sources with a cache (the document index): evaluate incrementally; otherwise from scratch.
  const py = cache && !target ? await extractPythonIncremental(loader, sources, cache, limits) : await extractPython(loader, sources, target, limits);
  const matrices = [...py.matrices];
  const problems = [...py.problems];
  for (let s = 0; s < sources.length; s++) {
    if (target && target.source !== s) continue;
    const js = await extractJavaScript(loader, sources[s], s, target, limits);
    const notation = extractNotation(sources[s], s, target, limits);
    matrices.push(...js.matrices, ...notation.matrices);
    problems.push(...js.problems, ...notation.problems);
  }
  matrices.sort((a, b) => a.source - b.source || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { matrices, problems, unknowns: py.unknowns, frames: py.frames };
}

export { languageForFile } from './languages';

export { notebookSources } from './notebook';
export { ProgramCache } from './python/incremental';
export type { Extraction, FoundMatrix, LanguageId, ParseLimits, Problem, SourceDocument, Target, UnknownName } from './types';
export { describeUnknown } from './unknowns';
export { DEFAULT_PARSE_LIMITS } from './types';
