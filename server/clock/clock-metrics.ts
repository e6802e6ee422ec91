/**
 * Prometheus gauges of the clock check (issue 15), read from the log's clock snapshot at scrape
 * time (server/http/metrics.ts registers them next to the log's other gauges):
 *
 * - `cairn_clock_status{status}`: 1 for the current status (synchronized, unsynchronized,
 *   unchecked), 0 for the others, so an alert is `cairn_clock_status{status="unsynchronized"} == 1`;
 * - `cairn_clock_offset_seconds`: the median offset of the usable sources (absent when none);
 * - `cairn_clock_max_offset_seconds`: the bound in force;
 * - `cairn_clock_source_offset_seconds{server}` and `cairn_clock_source_rtt_seconds{server}`:
 *   each source's last usable answer; `cairn_clock_source_usable{server}`: 1 while it counts.
 */
import { Gauge, type Registry } from 'prom-client';
import type { ClockSnapshot, ClockStatus } from './clock-snapshot.js';

const STATUSES: readonly ClockStatus[] = ['synchronized', 'unsynchronized', 'unchecked'];

/** Registers the clock gauges in `registers`; `read` gives the snapshot at scrape time (undefined: no log yet). */
export function registerClockMetrics(registers: Registry[], read: () => ClockSnapshot | undefined): void {
  new Gauge({
    name: 'cairn_clock_status',
    help: "1 for the log clock's current status against NTP (synchronized, unsynchronized, unchecked), 0 for the others.",
    labelNames: ['status'] as const,
    registers,
    collect() {
      const snapshot = read();
      if (snapshot === undefined) return;
      for (const status of STATUSES) this.set({ status }, snapshot.status === status ? 1 : 0);
    },
  });
  new Gauge({
    name: 'cairn_clock_offset_seconds',
    help: "Median offset of the usable NTP sources from the log's clock in seconds (server minus log); absent when none is usable.",
    registers,
    collect() {
      this.reset();
      const offsetMs = read()?.offsetMs;
      if (offsetMs != null) this.set(offsetMs / 1000);
    },
  });
  new Gauge({
    name: 'cairn_clock_max_offset_seconds',
    help: 'The largest accepted clock offset (--max-clock-offset-ms) in seconds.',
    registers,
    collect() {
      const snapshot = read();
      if (snapshot !== undefined) this.set(snapshot.maxOffsetMs / 1000);
    },
  });
  const perSource = (name: string, help: string, value: (s: ClockSnapshot['sources'][number]) => number | null): void => {
    new Gauge({
      name,
      help,
      labelNames: ['server'] as const,
      registers,
      collect() {
        this.reset();
        for (const source of read()?.sources ?? []) {
          const v = value(source);
          if (v !== null) this.set({ server: source.server }, v);
        }
      },
    });
  };
  perSource('cairn_clock_source_offset_seconds', "Each NTP source's offset from the log's clock at its last usable answer, in seconds.", (s) =>
    s.offsetMs === null ? null : s.offsetMs / 1000,
  );
  perSource('cairn_clock_source_rtt_seconds', "Each NTP source's round-trip delay at its last usable answer, in seconds.", (s) =>
    s.rttMs === null ? null : s.rttMs / 1000,
  );
  perSource('cairn_clock_source_usable', '1 while the NTP source counts in the median (answered usably in the last 3 checks), else 0.', (s) =>
    s.usable ? 1 : 0,
  );
}
