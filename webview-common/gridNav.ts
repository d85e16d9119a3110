/**
 * Keyboard movement in a grid of cells with a roving tabindex: one cell is in the tab order, arrow keys,
 * Home/End (row) and Ctrl+Home/End (matrix) move the focus.
 */
export function enableGridNavigation(container: HTMLElement, cells: readonly (readonly HTMLElement[])[]): void {
  const rows = cells.length;
  const cols = rows ? cells[0].length : 0;
  if (!rows || !cols) return;
  let current = cells[0][0];
  current.tabIndex = 0;

  const moveTo = (i: number, j: number): void => {
    const next = cells[Math.min(rows - 1, Math.max(0, i))][Math.min(cols - 1, Math.max(0, j))];
    if (next === current) return;
    current.tabIndex = -1;
    next.tabIndex = 0;
    current = next;
    next.focus();
  };

  container.addEventListener('focusin', (e) => {
    const cell = e.target instanceof HTMLElement ? e.target : undefined;
    if (cell && cell !== current && cell.tabIndex === -1 && cell.dataset.row !== undefined) {
      current.tabIndex = -1;
      cell.tabIndex = 0;
      current = cell;
    }
  });

  container.addEventListener('keydown', (e) => {
    const i = Number(current.dataset.row);
    const j = Number(current.dataset.col);
    const target: Record<string, [number, number]> = {
      ArrowUp: [i - 1, j],
      ArrowDown: [i + 1, j],
      ArrowLeft: [i, j - 1],
      ArrowRight: [i, j + 1],
      Home: e.ctrlKey ? [0, 0] : [i, 0],
      End: e.ctrlKey ? [rows - 1, cols - 1] : [i, cols - 1],
      PageUp: [0, j],
      PageDown: [rows - 1, j],
    };
    const t = target[e.key];
    if (!t) return;
    e.preventDefault();
    moveTo(t[0], t[1]);
  });
}
