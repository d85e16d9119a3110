import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MASK_INFO } from '../../src/core/attention/maskInfo';
import { SCORE_INFO } from '../../src/core/attention/scoreInfo';
import { MASK_KINDS, type MaskKind, SCORE_FUNCTIONS } from '../../src/core/attention/types';
import { COLOR_MAPS } from '../../src/shared/colorMaps';
import { LIMIT_SETTINGS } from '../../src/shared/limitSettings';
import { VIEW_SETTING_LIMITS, normalizeSettings } from '../../src/shared/protocol';
import { MAX_RESOLUTION_SETTING } from '../../src/shared/wire';

interface Setting {
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
  readonly enumDescriptions?: readonly string[];
  readonly markdownDescription?: string;
  readonly description?: string;
  readonly scope?: string;
  readonly order?: number;
}
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

test('attentionExplorer.display.maxResolution: package.json declares the bounds and default the reader clamps to', () => {
  const declared = properties['attentionExplorer.display.maxResolution'];
  assert.deepEqual({ min: declared.minimum, max: declared.maximum, default: declared.default }, { ...MAX_RESOLUTION_SETTING });
});

for (const [name, limits] of Object.entries(LIMIT_SETTINGS)) {
  test(`attentionExplorer.limits.${name}: package.json declares the bounds and default the settings reader clamps to`, () => {
    const declared = properties[`attentionExplorer.limits.${name}`];
    assert.ok(declared, `attentionExplorer.limits.${name} is not in package.json`);
    assert.deepEqual({ min: declared.minimum, max: declared.maximum, default: declared.default }, { ...limits });
  });
}

test('every limit setting of package.json is in the table the reader uses', () => {
  const declared = Object.keys(properties).filter((k) => k.startsWith('attentionExplorer.limits.')).map((k) => k.slice('attentionExplorer.limits.'.length));
  assert.deepEqual(declared.sort(), Object.keys(LIMIT_SETTINGS).sort());
});

test('every setting has a markdownDescription, a scope and its own order', () => {
  for (const [name, s] of Object.entries(properties)) {
    assert.ok(s.markdownDescription && s.description === undefined, `${name}: markdownDescription only`);
    assert.ok(s.scope, `${name}: scope`);
    assert.ok(Number.isInteger(s.order), `${name}: order`);
  }
  const orders = Object.values(properties).map((s) => s.order);
  assert.equal(new Set(orders).size, orders.length, `orders repeat: ${orders.join(', ')}`);
});

test('the choice settings offer exactly what the engine and the panel accept', () => {
  assert.deepEqual(properties['attentionExplorer.defaultScore'].enum, SCORE_FUNCTIONS);
  // A mask matrix needs a matrix in the mask role: it is chosen in the panel, never by default.
  assert.deepEqual(properties['attentionExplorer.defaultMask'].enum, MASK_KINDS.filter((m) => m !== 'matrix'));
  assert.deepEqual(properties['attentionExplorer.display.colorMap'].enum, COLOR_MAPS);
});

test('each score’s description in package.json cites the paper of the engine’s score table', () => {
  const { enum: ids = [], enumDescriptions = [] } = properties['attentionExplorer.defaultScore'];
  ids.forEach((id, k) => {
    const paper = /^.+? et al\. \d{4}/.exec(SCORE_INFO[id as keyof typeof SCORE_INFO].source)?.[0];
    assert.ok(paper && enumDescriptions[k]?.includes(paper), `${id}: '${enumDescriptions[k]}' does not cite ${paper}`);
  });
});

test('each mask’s description in package.json is the engine’s mask table (maskInfo.ts)', () => {
  const { enum: ids = [], enumDescriptions = [] } = properties['attentionExplorer.defaultMask'];
  assert.deepEqual(enumDescriptions, ids.map((id) => MASK_INFO[id as MaskKind].description));
});

test('the webview keeps a display setting inside its bounds and falls back to the default outside them', () => {
  const { precision, canvasThreshold } = VIEW_SETTING_LIMITS;
  assert.deepEqual(normalizeSettings({ precision: precision.max, canvasThreshold: canvasThreshold.min, colorMap: 'magma' }), { precision: 17, canvasThreshold: 8, colorMap: 'magma' });
  assert.deepEqual(normalizeSettings({ precision: precision.max + 1, canvasThreshold: canvasThreshold.min - 1, colorMap: 'magma' }), { precision: 4, canvasThreshold: 20, colorMap: 'magma' });
  assert.deepEqual(normalizeSettings({ precision: 2.5, canvasThreshold: 100, colorMap: 'theme' }), { precision: 4, canvasThreshold: 100, colorMap: 'theme' });
});
