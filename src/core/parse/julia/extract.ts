/**
 * Finds Julia matrix literals (`.jl`): `W_Q = [1 2; 3 4]`, rows on new lines without `;`, `-1.0` after a space
 * is an entry (`[1 -2]` is two entries, `[1 - 2]` one, as Julia reads them), typed literals (`Float64[1 2]`),
 * adjoints (`[x1'; x2']`), `const`/type-annotated names, `#` and `#= =#` comments.
 *
 * Julia's `[1, 2, 3]` and `[1; 2; 3]` are column vectors; like every vector here they are shown as `1 × n`
 * (one token per row). A vector of vectors `[v1, v2]` is shown as rows (as Python's nested lists are), while
 * `[v1 v2]` puts them side by side as columns, exactly as Julia does.
 */
import { type BracketDialect, joinTokens } from '../literal/brackets';
import { collectBracketLiterals } from '../literal/bracketStatements';
import { MatrixCollector, type NotationResult } from '../literal/report';
import type { Token } from '../literal/tokens';
import type { ParseLimits, SourceDocument, Target } from '../types';
import { lexJulia } from './lexer';

const TYPES = new Set(['Float64', 'Float32', 'Float16', 'Int', 'Int64', 'Int32', 'Int16', 'Int8', 'Real', 'Number', 'BigFloat', 'Rational', 'Any']);

/** Julia element text in mathjs syntax: `π` → `pi`, `√x` → `sqrt(x)`, `1//2` → `1/2`, `1.5f0` → `1.5e0`. */
function elementText(tokens: readonly Token[]): string {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const next = tokens[k + 1];
    if (t.text === '√' && next && next.text !== '(') {
      out.push({ ...t, text: `sqrt(${next.text})` });
      k++;
      continue;
    }
    out.push(t);
  }
  return joinTokens(out, (t) => {
    if (t.kind === 'num') return t.text.replace(/^(\d[\d_]*(?:\.\d*)?)f([+-]?\d+)$/, '$1e$2');
    if (t.kind === 'ident') return t.text === 'π' || t.text === 'pi' ? 'pi' : t.text === 'ℯ' ? 'e' : t.text;
    if (t.kind === 'op') return t.text === '√' ? 'sqrt' : t.text === '//' ? '/' : /^\.[-+*/^]$/.test(t.text) ? t.text.slice(1) : t.text;
    return t.text;
  });
}

const JULIA: BracketDialect = { julia: true, elementText, typePrefixes: TYPES };

/**
 * The matrix literals of one Julia source, in order. Only what overlaps `target.range` is reported.
 * Non-numeric literals are skipped; ragged rows are a problem (`W_K (line 7): ragged rows: …`).
 * @throws InputError when the text is longer than `limits.maxTextLength`.
 */
export function extractJulia(doc: SourceDocument, source: number, target: Target | undefined, limits: ParseLimits): NotationResult {
  const collector = new MatrixCollector(doc, source, target, limits);
  collectBracketLiterals(doc.text, lexJulia(doc.text), JULIA, collector, false);
  return collector.done();
}
