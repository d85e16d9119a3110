/** A matrix ready to be drawn: values, labels, colours and how to explain a cell. */
import type { CellExplainer } from '../../src/shared/explain';
import type { HeatScale } from '../../webview-common/heatmap';
import type { WireMatrix } from '../../src/shared/protocol';

export interface MatrixModel {
  readonly matrix: WireMatrix;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  /** Accessible name of the matrix (the table caption). */
  readonly caption: string;
  readonly scale: HeatScale;
  /** Significant digits shown. */
  readonly digits: number;
  readonly explain?: CellExplainer;
  /**
   * For a matrix that arrived sampled: the explanation of real entry (row, col), computed by the host on the
   * whole matrices (sampled entry (i, j) is real entry (`matrix.sampledFrom.rowIndex[i]`, `…colIndex[j]`)).
   */
  readonly explainReal?: (row: number, col: number) => Promise<string | undefined>;
  /** What rows and columns are, for the inspector (`query`, `key`, `dim`); numeric labels say row/col. */
  readonly rowAxis?: string;
  readonly colAxis?: string;
}
