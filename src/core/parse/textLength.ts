/** The one check of the document-size limit (`attentionExplorer.limits.maxFileSize`), for every reader. */
import { InputError } from '../errors';
import type { ParseLimits } from './types';

/**
 * Refuses texts longer than `limits.maxTextLength` together (a notebook's cells count together).
 * @throws InputError naming the length, the limit and the setting.
 */
export function checkTextLength(text: string | readonly string[], limits: Pick<ParseLimits, 'maxTextLength'>): void {
  const texts = typeof text === 'string' ? [text] : text;
  const total = texts.reduce((n, t) => n + t.length, 0);
  if (total <= limits.maxTextLength) return;
  const what = texts.length > 1 ? `notebook's ${texts.length} cells have` : 'text has';
  throw new InputError(`the ${what} ${total} characters, more than the limit of ${limits.maxTextLength} (setting attentionExplorer.limits.maxFileSize)`);
}
