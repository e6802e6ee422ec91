/**
 * Writers' drift (issue 15): the per-submitter skew tracker behind `GET /v1/submitters` and the
 * skew metrics. Other folders import this file.
 */
export {
  MAX_TRACKED_SUBMITTERS,
  OVERFLOW_SUBMITTER,
  RESERVOIR_SIZE,
  SubmitterDrift,
  summarize,
  type SkewSummary,
  type SubmitterDriftOptions,
  type SubmitterDriftRecord,
} from './submitter-drift.js';
