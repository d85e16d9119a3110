import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  LANGUAGES, NOTEBOOK, activationLanguageIds, fallbackExtensions, languageForDocument, languageForFile, readLanguageIds, supportedLanguagesText,
} from '../../src/core/parse/languages';

interface Manifest {
  readonly activationEvents: readonly string[];
  readonly contributes: {
    readonly menus: Record<string, readonly { command: string; when?: string }[]>;
    readonly keybindings: readonly { command: string; when: string }[];
  };
}
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Manifest;

/** The `when` clause that limits a command to documents the parser reads (by language id, else by file extension). */
function readableWhen(langKey: string): string {
  const exts = fallbackExtensions().map((e) => e.replace(/[+.]/g, '\\$&'));
  return `(${langKey} =~ /^(${readLanguageIds().join('|')})$/ || resourceExtname =~ /^\\.(${exts.join('|')})$/i)`;
}

describe('the language registry', () => {
  test('package.json activates on exactly the registry’s languages, notebooks and the panel', () => {
    const expected = [...activationLanguageIds().map((id) => `onLanguage:${id}`), `onNotebook:${NOTEBOOK.type}`, 'onWebviewPanel:attentionExplorer.panel'];
    assert.deepEqual([...manifest.activationEvents].sort(), expected.sort());
  });

  test('the editor context menu and the keybinding are limited to the registry’s languages', () => {
    const menu = manifest.contributes.menus['editor/context'].find((m) => m.command === 'attentionExplorer.computeOnSelection');
    assert.equal(menu?.when, readableWhen('resourceLangId'));
    const key = manifest.contributes.keybindings.find((k) => k.command === 'attentionExplorer.computeOnSelection');
    assert.equal(key?.when, `(editorTextFocus && ${readableWhen('editorLangId')}) || notebookEditorFocused`);
  });

  test('every extension names one language, and every language has one', () => {
    const all = LANGUAGES.flatMap((l) => l.extensions);
    assert.equal(new Set(all).size, all.length);
    for (const l of LANGUAGES) {
      assert.ok(l.extensions.length > 0, l.id);
      for (const e of l.extensions) assert.equal(languageForFile(`a.${e.toUpperCase()}`), l.id, e);
    }
    assert.equal(languageForFile('x.ipynb'), 'notebook');
    assert.equal(languageForFile('README'), undefined);
    assert.equal(languageForFile('notes.txt'), undefined);
  });

  test('documents are read by language id, else by name only under the fallback ids', () => {
    assert.equal(languageForDocument('octave', 'a.txt'), 'matlab');
    assert.equal(languageForDocument('objective-c', 'attention.m'), 'matlab');
    assert.equal(languageForDocument('plaintext', 'attention.jl'), 'julia');
    assert.equal(languageForDocument('plaintext', 'notes.txt'), undefined);
    assert.equal(languageForDocument('json', 'package.json'), undefined);
  });

  test('messages list the languages people know', () => {
    assert.equal(supportedLanguagesText(), 'Python, JavaScript, TypeScript, MATLAB/Octave, Julia, LaTeX, Markdown, R, C, C++, Java, C#, Rust, Go and Mathematica');
  });
});
