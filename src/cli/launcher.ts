/**
 * dist/cli.js, the command-line tool's entry point: it compiles the tool's bundle (dist/cli-main.js, built from
 * src/cli/main.ts) with V8's code cache for it (dist/cli-main.cache) and runs it.
 *
 * Most of a short run's start-up is V8 compiling the 1.2 MB bundle and, as they are first called, the hundreds
 * of functions a run uses (≈ 30–50 ms of CPU). `node esbuild.js` runs the tool on a few typical commands and
 * saves V8's bytecode for every function they compiled ({@link makeCodeCache}); a later run with the same Node
 * (V8 checks its version and flags, and the source's length) starts from that bytecode instead. The cache only
 * changes how fast the code is compiled, never what it does; when it is absent, rejected by V8 (another Node
 * version), or made for another build of the bundle (each build tags the bundle with the SHA-256 of its text,
 * and the cache starts with that tag), the bundle is compiled as usual. The cache is not in the .vsix.
 *
 * Node built-ins only: this file is bundled on its own, small, and runs before anything else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Script } from 'node:vm';

/** The bundle of the tool (src/cli/main.ts), next to this launcher. */
export const MAIN_FILE = 'cli-main.js';
/** V8's code cache for {@link MAIN_FILE}: its build tag (64 hexadecimal digits), then V8's data. */
export const CACHE_FILE = 'cli-main.cache';
/** The last line of a tagged bundle: this, then the SHA-256 (hexadecimal) of the text before the line. */
export const BUILD_TAG = '\n//# cli-build ';
const TAG_LENGTH = 64;

/** What the bundle exports (src/cli/main.ts). */
interface CliExports {
  main(): void;
  runCli(argv: readonly string[], io: { out(s: string): void; write(s: string): void; err(s: string): void }, wasmDir: string): Promise<number>;
}

/** The loaded bundle, its compiled script, and what became of the code cache. */
interface LoadedCli {
  readonly exports: CliExports;
  readonly script: Script;
  readonly cache: 'accepted' | 'rejected' | 'absent';
}

/** The build tag at the end of a bundle's text, or undefined for an untagged bundle (a watch-mode build). */
export function buildTag(source: string): string | undefined {
  const at = source.lastIndexOf(BUILD_TAG);
  if (at < 0) return undefined;
  const tag = source.slice(at + BUILD_TAG.length).trimEnd();
  return /^[0-9a-f]{64}$/.test(tag) ? tag : undefined;
}

/** V8's data from the cache file when it was made for the bundle tagged `tag`, else undefined. */
function readCache(file: string, tag: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= TAG_LENGTH || bytes.toString('latin1', 0, TAG_LENGTH) !== tag) return undefined;
  return bytes.subarray(TAG_LENGTH);
}

/**
 * Compiles and runs the bundle in `dir` as Node would run a CommonJS module (same wrapper, same line numbers),
 * with the code cache when `useCache` and one was made for this bundle.
 */
export function loadCli(dir: string, useCache = true): LoadedCli {
  dir = path.resolve(dir);
  const file = path.join(dir, MAIN_FILE);
  const source = readFileSync(file, 'utf8');
  const tag = buildTag(source);
  const cachedData = useCache && tag ? readCache(path.join(dir, CACHE_FILE), tag) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dir);
  return { exports: module.exports as CliExports, script, cache: !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted' };
}

/**
 * Runs the tool (from the bundle in `dir`, compiled without a cache) on each argument list of `runs`, output
 * discarded, then writes the code cache for that bundle: every function those runs compiled. Throws when the
 * bundle is untagged or a run fails (exit code other than 0).
 */
export async function makeCodeCache(dir: string, runs: readonly (readonly string[])[]): Promise<void> {
  const loaded = loadCli(dir, false);
  const tag = buildTag(readFileSync(path.join(dir, MAIN_FILE), 'utf8'));
  if (!tag) throw new Error(`${MAIN_FILE} has no build tag`);
  const sink = (): void => undefined;
  for (const argv of runs) {
    const errors: string[] = [];
    const code = await loaded.exports.runCli(argv, { out: sink, write: sink, err: (s) => errors.push(s) }, dir);
    if (code !== 0) throw new Error(`cli ${argv.join(' ')} exited with ${code}: ${errors.join('\n')}`);
  }
  writeFileSync(path.join(dir, CACHE_FILE), Buffer.concat([Buffer.from(tag, 'latin1'), loaded.script.createCachedData()]));
}

if (require.main === module) {
  let loaded: LoadedCli;
  try {
    loaded = loadCli(__dirname, process.env.ATTENTION_EXPLORER_CODE_CACHE !== 'off');
  } catch (e) {
    process.stderr.write(`error: cannot load the command-line tool (${path.join(__dirname, MAIN_FILE)}): ${(e as Error).message}\n`);
    process.exit(1);
  }
  // For tests and benchmarks: whether V8 took the code cache.
  if (process.env.ATTENTION_EXPLORER_CODE_CACHE === 'report') process.stderr.write(`code cache: ${loaded.cache}\n`);
  loaded.exports.main();
}
