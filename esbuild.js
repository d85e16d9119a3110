// Builds the bundles: the extension (Node, CommonJS, `vscode` external), its analysis worker
// (dist/indexWorker.js), the webviews (browser) and the CLI (Node). `node esbuild.js` builds once; `--watch` rebuilds on change; `--production` minifies.
// The test suite that runs inside VS Code is bundled too (`--tests`), to out/test/suite/index.js.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Files the bundles load at run time, copied next to them. */
const runtimeAssets = [
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm'],
  ['node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm', 'dist/tree-sitter-python.wasm'],
  ['node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-javascript.wasm', 'dist/tree-sitter-javascript.wasm'],
  ['node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm', 'dist/tree-sitter-typescript.wasm'],
  ['node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-tsx.wasm', 'dist/tree-sitter-tsx.wasm'],
];

function copyAssets() {
  fs.mkdirSync('dist', { recursive: true });
  for (const [from, to] of runtimeAssets) fs.copyFileSync(from, to);
}

/** Reports build errors in the `file:line:col: error: message` form that VS Code's problem matchers read. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log(`[watch] build finished (${build.initialOptions.outfile ?? build.initialOptions.outdir})`);
    });
  },
};

/** web-tree-sitter's ESM build reads `import.meta.url`, which a CommonJS bundle lacks: use its CJS build. */
const nodeAlias = { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' };

/**
 * In the Node bundles, mathjs (about 700 KB) is a separate file, dist/mathParser.js, required by
 * src/core/parse/element.ts on first use: the extension's `require` and the CLI's start-up do not compile it.
 */
const lazyMathParser = {
  name: 'lazy-math-parser',
  setup(build) {
    build.onResolve({ filter: /^\.\/mathParser$/ }, (args) => (args.importer.endsWith(path.join('parse', 'element.ts')) ? { path: './mathParser.js', external: true } : undefined));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemReporter],
};

const configs = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    alias: nodeAlias,
    plugins: [problemReporter, lazyMathParser],
  },
  {
    ...common,
    entryPoints: ['src/core/parse/mathParser.ts'],
    outfile: 'dist/mathParser.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    // The analysis worker (parse + evaluate off the extension host's thread), started by the extension.
    ...common,
    entryPoints: ['src/extension/index/indexWorker.ts'],
    outfile: 'dist/indexWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    alias: nodeAlias,
    plugins: [problemReporter, lazyMathParser],
  },
  {
    // The CLI: dist/cli.js is a small launcher (src/cli/launcher.ts) that compiles the tool's bundle,
    // dist/cli-main.js, with V8's code cache for it (dist/cli-main.cache, made below by scripts/cliCodeCache.mjs).
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli-main.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    alias: nodeAlias,
    plugins: [problemReporter, lazyMathParser],
  },
  {
    ...common,
    entryPoints: ['src/cli/launcher.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The panel (dist/webview.js + .css, KaTeX and codicon fonts) and the "Live Attention" side-bar view
    // (dist/live.js + .css): browser bundles with the same options, always minified (with their source maps):
    // a smaller script starts the first panel of a session sooner.
    ...common,
    minify: process.env.WEBVIEW_MINIFY !== "0",
    entryPoints: { webview: 'webview/main.ts', live: 'webview-live/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    assetNames: 'fonts/[name]',
  },
];

if (tests) {
  configs.push({
    ...common,
    minify: false,
    sourcemap: true,
    entryPoints: ['test/suite/index.ts'],
    outfile: 'out/test/suite/index.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode', 'mocha'],
    alias: nodeAlias,
  });
}

/**
 * The WebAssembly modules compiled from AssemblyScript (from npm) by {@link buildWasm}: the SIMD kernels
 * (assembly/kernels.ts) and the CLI's JSON number formatting (assembly/format.ts, with its generated tables,
 * assembly/ryuTables.ts, written by scripts/ryuTables.ts).
 */
const wasmModules = [
  { source: 'assembly/kernels.ts', inputs: ['assembly/kernels.ts'], out: 'dist/attention-kernels.wasm', flags: ['--enable', 'simd'] },
  { source: 'assembly/format.ts', inputs: ['assembly/format.ts', 'assembly/ryuTables.ts'], out: 'dist/number-format.wasm', flags: [] },
];

/** Compiles each of {@link wasmModules}; skipped when its output is newer than its inputs and this script. */
async function buildWasm() {
  for (const { source, inputs, out, flags } of wasmModules) {
    const newest = Math.max(fs.statSync(__filename).mtimeMs, ...inputs.map((f) => fs.statSync(f).mtimeMs));
    if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= newest) continue;
    const { default: asc } = await import('assemblyscript/asc');
    const { error, stderr } = await asc.main([source, '-O3', '--noAssert', '--runtime', 'stub', ...flags, '--outFile', out]);
    if (error) {
      console.error(stderr.toString());
      throw error;
    }
  }
}

/**
 * Tags the CLI's bundle with the SHA-256 of its text (its last line, which src/cli/launcher.ts reads) and makes
 * V8's code cache for it in a process of its own (scripts/cliCodeCache.mjs). Without a cache (a failure here is
 * only a warning) the CLI runs the same, its start-up ≈ 30–50 ms slower. Watch builds leave the bundle untagged:
 * the launcher then ignores any cache.
 */
function makeCliCodeCache() {
  const bundle = 'dist/cli-main.js', cache = 'dist/cli-main.cache';
  fs.rmSync(cache, { force: true });
  const text = fs.readFileSync(bundle, 'utf8');
  const sha = require('node:crypto').createHash('sha256').update(text).digest('hex');
  fs.writeFileSync(bundle, `${text}${text.endsWith('\n') ? '' : '\n'}//# cli-build ${sha}\n`);
  const r = require('node:child_process').spawnSync(process.execPath, ['scripts/cliCodeCache.mjs'], { encoding: 'utf8' });
  if (r.status !== 0) {
    fs.rmSync(cache, { force: true });
    console.warn(`warning: no code cache for the CLI (scripts/cliCodeCache.mjs failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' ')})`);
  }
}

async function main() {
  copyAssets();
  await buildWasm();
  const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  makeCliCodeCache();
  const sizes = ['dist/extension.js', 'dist/indexWorker.js', 'dist/cli-main.js', 'dist/webview.js', 'dist/live.js'].map((f) => `${path.basename(f)} ${(fs.statSync(f).size / 1024).toFixed(0)} KiB`);
  console.log(`built ${sizes.join(', ')}${production ? ' (production)' : ''}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
