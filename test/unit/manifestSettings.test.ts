import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { VIEW_SETTING_LIMITS, normalizeSettings } from '../../src/shared/protocol';

interface Setting { readonly default?: unknown; readonly minimum?: number; readonly maximum?: number }
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  readonly contributes: { readonly configuration: { readonly properties: Record<string, Setting> } | readonly { readonly properties: Record<string, Setting> }[] };
};
const sections = manifest.contributes.configuration;
const properties: Record<string, Setting> = Object.assign({}, ...(Array.isArray(sections) ? sections : [sections]).map((s: { properties: Record<string, Setting> }) => s.properties));

for (const [name, limits] of Object.entries(VIEW_SETTING_LIMITS)) {
  test(`attentionExplorer.display.${name}: package.json declares the bounds and default the reader and the webview use`, () => {
    const declared = properties[`attentionExplorer.display.${name}`];
    assert.ok(declared, `attentionExplorer.display.${name} is not in package.json`);
    assert.deepEqual({ min: declared.minimum, max: declared.maximum, default: declared.default }, { ...limits });
  });
}

test('the webview keeps a display setting inside its bounds and falls back to the default outside them', () => {
  const { precision, canvasThreshold } = VIEW_SETTING_LIMITS;
  assert.deepEqual(normalizeSettings({ precision: precision.max, canvasThreshold: canvasThreshold.min, colorMap: 'magma' }), { precision: 17, canvasThreshold: 8, colorMap: 'magma' });
  assert.deepEqual(normalizeSettings({ precision: precision.max + 1, canvasThreshold: canvasThreshold.min - 1, colorMap: 'magma' }), { precision: 4, canvasThreshold: 20, colorMap: 'magma' });
  assert.deepEqual(normalizeSettings({ precision: 2.5, canvasThreshold: 100, colorMap: 'theme' }), { precision: 4, canvasThreshold: 100, colorMap: 'theme' });
});
