/**
 * Mathematica notebooks (`.nb`) store input as boxes: `RowBox[{"W", "=", RowBox[{"{", …}]}]`. This turns a
 * notebook into Wolfram Language text of the same length, so that offsets stay those of the file: inside
 * each `BoxData[…]` the strings' contents are kept and everything else becomes spaces (line breaks stay),
 * except `FractionBox[a, b]` → `(a / b)`, `SuperscriptBox[a, b]` → `(a ^ b)` and `SqrtBox[a]` → `Sqrt[a]`, and
 * `\[IndentingNewLine]` ends a statement. Text cells and cell options are blanked.
 */

type Box = 'fraction' | 'superscript' | 'sqrt' | 'other';

/** True when `text` is a notebook expression (`Notebook[{Cell[…], …}]`) rather than a `.wl` script. */
export function isNotebook(text: string): boolean {
  return /^\s*(?:\(\*[\s\S]*?\*\)\s*)*Notebook\[/.test(text.slice(0, 4000));
}

/** The Wolfram Language input of a notebook, position for position. */
export function notebookInput(text: string): string {
  const out = text.replace(/[^\n]/g, ' ').split('');
  const open = /BoxData\[/g;
  for (let m = open.exec(text); m; m = open.exec(text)) open.lastIndex = boxes(text, m.index + m[0].length, out);
  return out.join('');
}

/** Unboxes from `from` (just after `BoxData[`) to its closing bracket; returns the offset after it. */
function boxes(text: string, from: number, out: string[]): number {
  const stack: Box[] = ['other'];
  let i = from;
  while (i < text.length && stack.length) {
    const c = text[i];
    if (c === '"') {
      i = unquote(text, i, out);
      continue;
    }
    const name = /^([A-Za-z]+)\[/.exec(text.slice(i, i + 40));
    if (name) {
      const kind: Box = name[1] === 'FractionBox' ? 'fraction' : name[1] === 'SuperscriptBox' ? 'superscript' : name[1] === 'SqrtBox' ? 'sqrt' : 'other';
      const end = i + name[0].length;
      if (kind === 'fraction' || kind === 'superscript') out[end - 1] = '(';
      if (kind === 'sqrt') 'Sqrt['.split('').forEach((ch, k) => { out[end - 5 + k] = ch; });
      stack.push(kind);
      i = end;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === '[') stack.push('other');
    else if (c === ']') {
      stack.pop();
      if (top === 'fraction' || top === 'superscript') out[i] = ')';
      if (top === 'sqrt') out[i] = ']';
    } else if (c === ',' && top === 'fraction') out[i] = '/';
    else if (c === ',' && top === 'superscript') out[i] = '^';
    i++;
  }
  return i;
}

/** Copies a box string's contents (`"W"`, `"\[Pi]"` → `Pi`); returns the offset after its closing quote. */
function unquote(text: string, i: number, out: string[]): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') {
    const named = /^\\\[([A-Za-z]+)\]/.exec(text.slice(j, j + 40));
    if (named) {
      const word = ({ Pi: 'Pi', Times: '*', Divide: '/', Minus: '-', IndentingNewLine: ';' } as Record<string, string>)[named[1]] ?? '';
      word.split('').forEach((ch, k) => { out[j + k] = ch; });
      j += named[0].length;
      continue;
    }
    if (text[j] === '\\') { j += 2; continue; }
    out[j] = text[j];
    j++;
  }
  return j + 1;
}
