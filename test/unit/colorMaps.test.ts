/** The colour-map setting reaches the hovers' heatmaps and the Live view's state, from the one table of schemes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpolateViridis } from 'd3-scale-chromatic';
import { heatmapDataUri } from '../../src/shared/markdown';
import { isLiveState } from '../../src/shared/liveProtocol';

const svgOf = (uri: string): string => Buffer.from(uri.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');

test('a hover heatmap is drawn with the chosen colour map (viridis: its weak and strong ends)', () => {
  const m = { rows: 1, cols: 2, data: Float64Array.of(0, 1) };
  const svg = svgOf(heatmapDataUri(m, 'viridis'));
  assert.ok(svg.includes(`fill="${interpolateViridis(0)}"`), svg);
  assert.ok(svg.includes(`fill="${interpolateViridis(1)}"`), svg);
  assert.ok(!svgOf(heatmapDataUri(m)).includes(interpolateViridis(0)), 'theme: blues');
});

test('the Live view state carries the colour map, and an unknown one is rejected', () => {
  const state = {
    kind: 'data', title: 't', summary: 's', roles: [], queryLabels: ['a'], keyLabels: ['b'], notes: [], problems: [], precision: 3,
    weights: { rows: 1, cols: 1, values: [1] }, output: { rows: 1, cols: 1, values: [1] },
  };
  assert.equal(isLiveState({ ...state, colorMap: 'magma' }), true);
  assert.equal(isLiveState({ ...state, colorMap: 'rainbow' }), false);
});
