/**
 * One colour per head, as BertViz's head view colours them (d3's category10 scheme, in order; head 10 takes
 * the first colour again).
 */
const CATEGORY10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function headColor(head: number): string {
  return CATEGORY10[((head % CATEGORY10.length) + CATEGORY10.length) % CATEGORY10.length];
}
