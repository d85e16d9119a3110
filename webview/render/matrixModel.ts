/** A matrix ready to be drawn: values, labels, colours and how to explain a cell. */
import type { CellExplainer } from '../explain';
import type { HeatScale } from '../heatmap';
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
  /** What rows and columns are, for the inspector (`query`, `key`, `dim`); numeric labels say row/col. */
  readonly rowAxis?: string;
  readonly colAxis?: string;
}
