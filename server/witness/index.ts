/**
 * Public face of server/witness/: `cairn witness`, a C2SP tlog-witness server with its own
 * LevelDB state (see docs/witness.md).
 */
export { Witness, WitnessConfigError, TLOG_SIZE_CONTENT_TYPE, COSIGNATURE_CONTENT_TYPE, type WitnessOptions, type KnownLog } from './witness.js';
export { WitnessState, WitnessStateError, type CosignedTree } from './witness-state.js';
export { startWitnessServer, MAX_ADD_CHECKPOINT_BODY, WITNESS_HTTP_TIMEOUTS, type RunningWitnessServer } from './witness-http.js';
export { parseAddCheckpointBody, MAX_PROOF_LINES, type AddCheckpointRequest } from './add-checkpoint-body.js';
export { WitnessRefusal, refusalAnswer, type WitnessAnswer, type WitnessRefusalCode } from './witness-refusal.js';
export { parseLogList, LogListError, MAX_LOG_LIST_SIZE } from './log-list.js';
export { KeyedMutex } from './keyed-mutex.js';
