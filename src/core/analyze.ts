/**
 * One call from sources to attention: find the matrices, assign roles, run the pipeline. Used by the CLI,
 * the extension and the tests alike. Errors are values: the result names the matrix, shape or line.
 */
import { computeAttentionND } from './attention/batched';
import { DEFAULT_LIMITS } from './attention/pipeline';
import { impliedScore } from './attention/impliedScore';
import { assignRoles, type RoleOverrides, type RoleSet } from './attention/roles';
import type { AttentionOptions, AttentionResult } from './attention/types';
import { type ErrorInfo, InputError, type Result, toErrorInfo } from './errors';
import { type FrameRoles, type MatchedComputation, computeLikeFrame, namedPipeline, rolesFromFrames } from './frameRoles';
import { visibleDefinitions } from './parse/definitions';
import { describeUnknown } from './parse/unknowns';
import { extractMatrices } from './parse/index';
import type { GrammarLoader } from './parse/treeSitter';
import { DEFAULT_PARSE_LIMITS, type Extraction, type ParseLimits, type SourceDocument, type Target, UNSEEDED_NOTE } from './parse/types';

export interface AnalyzeRequest {
  readonly sources: readonly SourceDocument[];
  readonly target?: Target;
  readonly roles?: RoleOverrides;
  readonly options?: AttentionOptions;
  readonly limits?: ParseLimits;
  /** The matrices of `sources`, when already extracted (the document index): they are not parsed again. */
  readonly extraction?: Extraction;
  /**
   * When `options.score` is not set: use the score the roles imply (additive when W_a, U_a and v_a are found…,
   * see {@link impliedScore}) and say why in a note. Off (scaled dot-product) by default, as in the CLI.
   */
  readonly scoreFromRoles?: boolean;
}

export interface Analysis {
  readonly extraction: Extraction;
  readonly result: AttentionResult;
  /** Every role found or given, including optional ones this computation did not use. */
  readonly roles: RoleSet;
  /** Which source (cell) each role's matrix came from. */
  readonly roleSources: ReadonlyMap<string, number>;
}

/** The failure of an analysis: the error, and what was found before it failed (for listings and hovers). */
export interface AnalysisError extends ErrorInfo {
  readonly source?: number;
  readonly extraction?: Extraction;
}

/**
 * Extracts matrices and computes attention on them.
 * Shapes and formulas: see {@link computeAttentionND} (Vaswani et al. 2017, eq. 1).
 */
export async function analyze(loader: GrammarLoader, req: AnalyzeRequest): Promise<Result<Analysis> & { readonly extraction?: Extraction; readonly roles?: RoleSet }> {
  const limits = req.limits ?? DEFAULT_PARSE_LIMITS;
  let extraction: Extraction;
  try {
    extraction = req.extraction ?? (await extractMatrices(loader, req.sources, req.target, limits));
  } catch (e) {
    if (e instanceof InputError) return { ok: false, error: toErrorInfo(e) };
    throw e;
  }
  let roles: RoleSet | undefined;
  try {
    const maxElements = limits.maxElements ?? DEFAULT_LIMITS.maxElements;
    const inCall = callRoles(extraction, req.roles ?? {});
    roles = inCall?.roles ?? chooseRoles(extraction, req.roles ?? {});
    const first = inCall ? withNote(computeLikeFrame(inCall, req.options ?? {}, { maxElements })) : computeWithScore(roles, req, maxElements);
    // Matrices drawn from a generator the program never seeds: the whole result is one possible draw.
    const all = inCall ? [...extraction.matrices, ...inCall.frame.matrices] : extraction.matrices;
    const unseeded = first.roles.filter((b) => all.find((f) => f.range === b.range)?.unseeded).map((b) => b.name);
    // float32 inputs (torch, TF, JAX tensors): the engine computes in float64 from their values; say so.
    const float32 = [...new Set(first.roles.filter((b) => b.dtype === 'float32').map((b) => b.name))];
    const computed = float32.length
      ? { ...first, notes: [...first.notes, `${float32.join(', ')} ${float32.length === 1 ? 'is a float32 tensor' : 'are float32 tensors'} in the program: the steps are computed in float64 from those float32 values, while the library computes in float32, so the two agree to about 1e-6 relative`] }
      : first;
    const result = unseeded.length ? { ...computed, unseeded: true, notes: [...computed.notes, `${[...new Set(unseeded)].join(', ')}: ${UNSEEDED_NOTE}, so these weights are one possible result`] } : computed;
    const roleSources = new Map<string, number>();
    for (const b of result.roles) {
      const m = all.find((f) => f.range === b.range);
      if (m) roleSources.set(b.role, m.source);
    }
    return { ok: true, value: { extraction, result, roles, roleSources }, extraction };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const source = e.range ? extraction.matrices.find((m) => m.range === e.range)?.source : undefined;
    const info = toErrorInfo(e);
    // Q and K of different widths, in a file that defines the parameters of a score made for that.
    const params = roles?.extras;
    const hint = info.detail?.kind === 'dk-differs' && params?.wa && !req.options?.score?.match(/general|additive|concat/)
      ? `; the file defines ${[params.wa, params.ua, params.va].filter((b) => b).map((b) => b?.name).join(', ')}: choose the ${params.ua ? 'additive' : params.va ? 'concat' : 'general'} score`
      : '';
    const error: AnalysisError = { ...info, message: info.message + hint, ...(source !== undefined ? { source } : {}) };
    // The roles, when they were found before the computation failed (the panel shows them for fixing).
    return { ok: false, error, extraction, ...(roles ? { roles } : {}) };
  }
}

/**
 * Computes with the options asked for; when no score was chosen and `scoreFromRoles` is set, with the score
 * the roles imply (and a note saying why), falling back to the default when that score does not fit them.
 */
function computeWithScore(roles: RoleSet, req: AnalyzeRequest, maxElements: number): AttentionResult {
  const options = req.options ?? {};
  const implied = req.scoreFromRoles && options.score === undefined ? impliedScore(roles) : undefined;
  if (implied) {
    try {
      const r = computeAttentionND(roles, { ...options, score: implied.score }, { maxElements });
      const note = `Score: ${implied.score}, because ${implied.because}; choose another score in the controls to compare.`;
      return { ...r, notes: [note, ...r.notes] };
    } catch (e) {
      if (!(e instanceof InputError)) throw e; // the parameters do not fit: compute as asked, with its own error
    }
  }
  return computeAttentionND(roles, options, { maxElements });
}

/**
 * The roles of the attention inside the program's last call that computes one (see frameRoles.ts), when no
 * role was chosen and the top level names no pipeline of its own (only a fallback such as Q = K = V = X).
 */
function callRoles(extraction: Extraction, overrides: RoleOverrides): FrameRoles | undefined {
  if (Object.values(overrides).some((v) => v !== undefined) || !extraction.frames?.length) return undefined;
  try {
    if (namedPipeline(assignRoles(visibleDefinitions(extraction), {}))) return undefined;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
  }
  return rolesFromFrames(extraction.frames);
}

function withNote(m: MatchedComputation): AttentionResult {
  return { ...m.result, notes: [m.note, ...m.result.notes] };
}

/**
 * Roles from the found matrices (the last definition of each name). When a role cannot be found because
 * its definition is wrong (a ragged literal, a shape mismatch), that problem is the error reported.
 */
function chooseRoles(extraction: Extraction, overrides: RoleOverrides): RoleSet {
  try {
    return assignRoles(visibleDefinitions(extraction), overrides);
  } catch (e) {
    if (e instanceof InputError && extraction.problems.length > 0) {
      const p = extraction.problems[0];
      throw new InputError(p.detail, p.focus ?? p.range);
    }
    // Not "no matrices found" when the program defines arrays that could not be evaluated: say why the first is unknown.
    const unknowns = extraction.unknowns ?? [];
    if (e instanceof InputError && unknowns.length > 0 && visibleDefinitions(extraction).length === 0) {
      const n = unknowns.length;
      throw new InputError(`no matrices could be evaluated: ${n} name${n === 1 ? ' is' : 's are'} unknown; ${describeUnknown(unknowns[0])}`, unknowns[0].range);
    }
    throw e;
  }
}
