/**
 * mathjs' expression parser, created with only the factories `parse` depends on. This module is its own
 * bundle in `dist/` (`mathParser.js`, about 700 KB with mathjs), loaded by element.ts the first time an element
 * is more than a plain number, so that neither activation nor the CLI compiles mathjs before it is needed.
 */
import { create, parseDependencies, type MathNode } from 'mathjs';

/** A new parser: expression text → mathjs syntax tree. @throws mathjs' SyntaxError on malformed text. */
export function createMathParser(): (expr: string) => MathNode {
  return create({ parseDependencies }).parse;
}
