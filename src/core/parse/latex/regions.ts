/**
 * Where LaTeX math is, as a masked copy of the text (same length and line breaks) in which everything that
 * is not math is replaced by {@link MASK}, so that offsets stay those of the document.
 * - A `.tex` file: everything except comments (`%` to the line's end, not `\%`) and verbatim material
 *   (`\verb|…|`, `verbatim`, `lstlisting`, `minted` and `comment` environments).
 * - Markdown: only `$$…$$`, `\[…\]`, `\(…\)`, `$…$`, math environments (`\begin{equation}…`, `align`, …) and
 *   ```` ```math ```` fences; other code fences, inline code, HTML comments and everything else are masked.
 */

/** The character standing for text that is not math (never part of a name or an entry). */
export const MASK = '\u0000';

const VERBATIM = /\\begin\{(verbatim\*?|lstlisting|minted|comment|Verbatim)\}/y;
const MATH_ENVS = /\\begin\{(equation|align|gather|multline|flalign|alignat|displaymath|math|eqnarray)(\*?)\}/y;

/** The text of a `.tex` file with comments and verbatim material masked. */
export function texMath(text: string): string {
  const out = text.split('');
  const mask = (from: number, to: number): void => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = MASK;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      if (text.startsWith('\\verb', i) && !/[A-Za-z]/.test(text[i + 5] ?? '')) {
        const d = i + 5 + (text[i + 5] === '*' ? 1 : 0);
        const end = text.indexOf(text[d] ?? '\n', d + 1);
        const stop = end < 0 ? text.length : end + 1;
        mask(i, stop);
        i = stop - 1;
        continue;
      }
      VERBATIM.lastIndex = i;
      const m = VERBATIM.exec(text);
      if (m) {
        const close = `\\end{${m[1]}}`;
        const end = text.indexOf(close, i + m[0].length);
        const stop = end < 0 ? text.length : end + close.length;
        mask(i, stop);
        i = stop - 1;
        continue;
      }
      i++; // an escaped character (`\%`, `\\`)
      continue;
    }
    if (c === '%') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      mask(i, stop);
      i = stop - 1;
    }
  }
  return out.join('');
}

/**
 * `text.indexOf(needle, from)` that remembers its last answer per needle: the scanner only moves forward, so a
 * search from a later position that still lies before the remembered match (or after a search that found
 * none) has the same answer. Many unclosed `\(` then cost one scan in all, not one scan each (linear time).
 */
function forwardFinder(text: string): (needle: string, from: number) => number {
  const last = new Map<string, { from: number; at: number }>();
  return (needle, from) => {
    const known = last.get(needle);
    if (known && from >= known.from && (known.at < 0 || from <= known.at)) return known.at;
    const at = text.indexOf(needle, from);
    last.set(needle, { from, at });
    return at;
  };
}

/** The text of a Markdown document with everything but its math masked. */
export function markdownMath(text: string): string {
  const find = forwardFinder(text);
  const out = new Array<string>(text.length);
  for (let k = 0; k < text.length; k++) out[k] = text[k] === '\n' ? '\n' : MASK;
  const keep = (from: number, to: number): void => {
    for (let k = from; k < to; k++) out[k] = text[k];
  };
  let i = 0;
  let lineStart = true;
  while (i < text.length) {
    const c = text[i];
    if (lineStart) {
      const fence = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\n`]*)/.exec(text.slice(i, i + 200));
      if (fence) {
        const body = text.indexOf('\n', i);
        const closeRe = new RegExp(`^ {0,3}${fence[1][0] === '`' ? '`' : '~'}{${fence[1].length},}[ \\t]*$`, 'gm');
        const from = body < 0 ? text.length : body + 1;
        closeRe.lastIndex = from;
        const rest = closeRe.exec(text);
        const end = rest ? rest.index : text.length;
        if (/^math\b/.test(fence[2].trim())) keep(from, end);
        const after = rest ? text.indexOf('\n', end) : -1;
        i = after < 0 ? text.length : after;
        lineStart = false;
        continue;
      }
    }
    lineStart = c === '\n';
    if (c === '\\' && (text[i + 1] === '[' || text[i + 1] === '(')) {
      const close = find(text[i + 1] === '[' ? '\\]' : '\\)', i + 2);
      if (close >= 0) { keep(i + 2, close); i = close + 2; continue; }
    }
    if (c === '\\') {
      MATH_ENVS.lastIndex = i;
      const m = MATH_ENVS.exec(text);
      if (m) {
        const close = `\\end{${m[1]}${m[2]}}`;
        const end = find(close, i + m[0].length);
        if (end >= 0) { keep(i + m[0].length, end); i = end + close.length; continue; }
      }
      i += 2; // an escaped character: `\$` is not math
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(text.slice(i, i + 50))?.[0] ?? '`';
      const close = find(run, i + run.length);
      i = close < 0 ? i + run.length : close + run.length;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const close = find('-->', i + 4);
      i = close < 0 ? text.length : close + 3;
      continue;
    }
    if (c === '$' && text[i + 1] === '$') {
      const close = find('$$', i + 2);
      if (close >= 0) { keep(i + 2, close); i = close + 2; continue; }
      i += 2;
      continue;
    }
    if (c === '$' && text[i + 1] !== ' ' && text[i + 1] !== '\n') {
      const close = inlineClose(text, i + 1);
      if (close >= 0) { keep(i + 1, close); i = close + 1; continue; }
    }
    i++;
  }
  return out.join('');
}

/** The `$` closing inline math opened before `from` (not escaped, not after a space, within the paragraph), or -1. */
function inlineClose(text: string, from: number): number {
  for (let k = from; k < text.length; k++) {
    const c = text[k];
    if (c === '\\') { k++; continue; }
    if (c === '\n' && text[k + 1] === '\n') return -1;
    if (c === '$') return text[k - 1] === ' ' ? -1 : k;
  }
  return -1;
}
