/**
 * Prometheus metrics of the witness loop (issue 12 part 3), registered in the log's own
 * Registry (server/http/metrics.ts), so `/metrics` serves them beside the rest:
 *
 * - `cairn_witness_requests_total{witness,status}`: add-checkpoint requests by answer status
 *   (0 when the witness could not be reached or did not answer in time);
 * - `cairn_witness_request_duration_seconds{witness}`: round trip of one request;
 * - `cairn_witness_cosigned_size{witness}`: the largest tree size the witness cosigned;
 * - `cairn_witness_alarms_total{witness,reason}`: `inconsistent` (a 422: the witness saw a
 *   different tree, a possible fork) and `rollback` (a 409 above the log's size);
 * - `cairn_witnessed_size`: the newest tree size whose cosignatures meet the policy's quorum.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the loop records. */
export interface WitnessMetrics {
  request(witness: string, status: number, seconds: number): void;
  cosigned(witness: string, treeSize: number): void;
  alarm(witness: string, reason: 'inconsistent' | 'rollback'): void;
  witnessed(treeSize: number): void;
}

// A witness on the same host answers in about a millisecond; one across the world in ~0.3 s.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Registers the witness metrics in `registry` (once per registry). */
export function createWitnessMetrics(registry: Registry): WitnessMetrics {
  const registers = [registry];
  const requests = new Counter({
    name: 'cairn_witness_requests_total',
    help: 'add-checkpoint requests to each witness, by answer status (0: no answer).',
    labelNames: ['witness', 'status'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'cairn_witness_request_duration_seconds',
    help: 'Round trip of one add-checkpoint request, in seconds.',
    labelNames: ['witness'] as const,
    buckets: BUCKETS,
    registers,
  });
  const cosignedSize = new Gauge({
    name: 'cairn_witness_cosigned_size',
    help: 'Largest tree size each witness cosigned.',
    labelNames: ['witness'] as const,
    registers,
  });
  const alarms = new Counter({
    name: 'cairn_witness_alarms_total',
    help: 'Witness answers that mean a fork or a rollback: 422 (inconsistent) or a 409 above the log (rollback).',
    labelNames: ['witness', 'reason'] as const,
    registers,
  });
  const witnessedSize = new Gauge({ name: 'cairn_witnessed_size', help: "Newest tree size whose cosignatures meet the policy's quorum.", registers });
  return {
    request(witness, status, seconds) {
      requests.inc({ witness, status: String(status) });
      duration.observe({ witness }, seconds);
    },
    cosigned(witness, treeSize) {
      cosignedSize.set({ witness }, treeSize);
    },
    alarm(witness, reason) {
      alarms.inc({ witness, reason });
    },
    witnessed(treeSize) {
      witnessedSize.set(treeSize);
    },
  };
}
