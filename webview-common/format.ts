/** How numbers and shapes are written in the panel (shared with the host, which explains sampled cells). */
export { divisorText, formatNumber, fullValue, shapeText } from '../src/shared/format';
