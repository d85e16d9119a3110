import { GrammarLoader, nodeModulesWasm } from '../../../src/core/parse/treeSitter';

/** One grammar loader for all tests, reading the wasm files from node_modules. */
export const loader = new GrammarLoader(nodeModulesWasm(process.cwd()));
