/** Reading entries of matrices as they arrive on the wire (shared with the host). */
export { entry, finiteRange, numericEntry } from '../src/shared/wireMatrix';
