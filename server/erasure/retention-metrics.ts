/**
 * The retention sweeper's metrics (issue 14), registered on the process's Prometheus registry:
 * runs, payloads erased, and the time of the last run.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SweepReport } from './retention-sweeper.js';

/** Registers the metrics on `registry` and returns the sweeper's `onRun`. */
export function retentionMetrics(registry: Registry): (report: SweepReport) => void {
  const registers = [registry];
  const runs = new Counter({ name: 'cairn_retention_sweeps_total', help: 'Retention sweeper runs.', registers });
  const erased = new Counter({
    name: 'cairn_retention_erased_total',
    help: 'Payloads the retention sweeper erased (recorded erasures by "retention").',
    registers,
  });
  const last = new Gauge({ name: 'cairn_retention_last_sweep_seconds', help: 'Unix time of the last retention sweeper run.', registers });
  return (report) => {
    runs.inc();
    erased.inc(report.erased);
    last.set(Date.now() / 1000);
  };
}
