/**
 * The matrix notations read without a tree-sitter grammar, by language: MATLAB/Octave, Julia, LaTeX (in `.tex`
 * files and in Markdown math), R, the C family (C, C++, Java, C#, Rust, Go) and Mathematica.
 */
import { extractCLike } from './clike/extract';
import { extractJulia } from './julia/extract';
import { extractLatex } from './latex/extract';
import type { NotationResult } from './literal/report';
import { extractMatlab } from './matlab/extract';
import { extractR } from './r/extract';
import type { ParseLimits, SourceDocument, Target } from './types';

/**
 * The matrices of one source written in a notation (empty for Python and JavaScript, read elsewhere).
 * @throws InputError when the text is longer than `limits.maxTextLength`.
 */
export function extractNotation(doc: SourceDocument, source: number, target: Target | undefined, limits: ParseLimits): NotationResult {
  switch (doc.language) {
    case 'matlab': return extractMatlab(doc, source, target, limits);
    case 'julia': return extractJulia(doc, source, target, limits);
    case 'latex': case 'markdown': return extractLatex(doc, source, target, limits);
    case 'r': return extractR(doc, source, target, limits);
    case 'c': case 'cpp': case 'java': case 'csharp': case 'rust': case 'go': case 'mathematica':
      return extractCLike(doc, source, target, limits);
    default: return { matrices: [], problems: [] };
  }
}
