/**
 * Public face of server/cluster/: several processes serving one log on a shared PostgreSQL
 * (issue 11). `openSharedLog` opens and provisions the log (one process at a time),
 * `ClusterNode` elects the one sequencer and keeps followers on the latest head.
 */
export { ClusterNode, type ClusterOptions } from './cluster-node.js';
export { openSharedLog, type SharedLogSettings, type SharedLog } from './open-shared-log.js';
export { defaultAdvertiseUrl } from './advertise.js';
