import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMMANDS } from '../../src/extension/commandIds';

interface Manifest {
  readonly contributes: {
    readonly commands: readonly { command: string }[];
    readonly menus: Record<string, readonly { command: string }[]>;
    readonly keybindings: readonly { command: string }[];
    readonly walkthroughs?: readonly { steps: readonly { completionEvents?: readonly string[]; description?: string }[] }[];
  };
}
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Manifest;
const ids = new Set<string>(Object.values(COMMANDS));

test('package.json contributes exactly the commands of the command table', () => {
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), [...ids].sort());
});

test('menus, keybindings and the walkthrough name only commands of the table', () => {
  const used = [
    ...Object.values(manifest.contributes.menus).flat().map((m) => m.command),
    ...manifest.contributes.keybindings.map((k) => k.command),
    ...(manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((s) => [
      ...(s.completionEvents ?? []).map((e) => e.replace(/^onCommand:/, '')),
      ...[...(s.description ?? '').matchAll(/command:([\w.]+)/g)].map((m) => m[1]),
    ])),
  ];
  for (const id of used.filter((u) => u.startsWith('attentionExplorer.'))) assert.ok(ids.has(id), `${id} is not in COMMANDS`);
});
