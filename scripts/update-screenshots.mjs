#!/usr/bin/env node
// Copies the screenshots the integration tests took (test-results/screenshots/) into media/, where the
// README shows them. Run on purpose, after `npm run test:vscode`: tests never rewrite tracked files.
//
//   npm run screenshots   (runs the integration suite, then this)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'test-results', 'screenshots');
const to = path.join(root, 'media');
const shots = fs.existsSync(from) ? fs.readdirSync(from).filter((f) => f.endsWith('.png')) : [];
if (shots.length === 0) {
  console.error(`no screenshots in ${from}: run npm run test:vscode first`);
  process.exit(1);
}
for (const f of shots) {
  fs.copyFileSync(path.join(from, f), path.join(to, f));
  console.log(`media/${f}`);
}
