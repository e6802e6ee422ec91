/**
 * The former home of CairnLog, kept so that existing imports (tests, benchmarks, tools) keep
 * working: the log is in cairn-log.ts, provisioning in provision.ts, the folder layout in
 * data-folder.ts.
 */
export { CairnLog, type LoadOptions, type OpenHooks } from './cairn-log.js';
export { LogOpenError, provisionLog, type FirstStart, type LogOpenErrorCode, type ProvisionOptions, type ProvisionedLog } from './provision.js';
export { dataPaths } from './data-folder.js';
