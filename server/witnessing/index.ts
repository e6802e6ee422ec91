/**
 * The log side of witnessing (issue 12 parts 3-4; docs/witness.md "The log asks"): the loop that
 * asks the policy's witnesses to cosign, where their lines are kept, and the view routes read.
 */
export { CosignatureStore, CosignatureStoreError, type CosignatureLines } from './cosignature-store.js';
export { addCheckpointBody, askWitness, type WitnessAnswer } from './witness-client.js';
export { WitnessLoop, type WitnessedLog, type WitnessLoopOptions } from './witness-loop.js';
export { createWitnessMetrics, type WitnessMetrics } from './witness-metrics.js';
export {
  WITNESS_DEFAULTS,
  WITNESS_SERVE_OPTIONS,
  WitnessSettingsError,
  readWitnessPolicy,
  startWitnessing,
  witnessSettingsFromOptions,
  type WitnessOptionValues,
} from './witness-settings.js';
export type { WitnessView } from './witness-view.js';
