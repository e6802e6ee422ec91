/**
 * `cairn serve --witness-policy FILE [--witness-enforce] [--witness-interval-ms N]
 * [--witness-timeout-ms N]` (issue 12 part 3): reading the policy file, the checks that stop a
 * start with an operator's sentence, and starting the loop on an open log.
 */
import { CodedError } from '../../merkle/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { VerificationError, parseWitnessPolicy, policyAllowsLog, type VerifierKey } from '../../proofs/index.js';
import type { Logger } from '../logger.js';
import { CosignatureStore } from './cosignature-store.js';
import { WitnessLoop, type WitnessedLog, type WitnessLoopOptions } from './witness-loop.js';
import { createWitnessMetrics } from './witness-metrics.js';

/** Defaults of the witness flags (documented in the README and docs/witness.md). */
export const WITNESS_DEFAULTS = { intervalMs: 1000, timeoutMs: 5000, refreshMs: 10 * 60 * 1000 } as const;

/** The witness flags of `cairn serve`, each with its CAIRN_* variable (spread into SERVE_OPTIONS). */
export const WITNESS_SERVE_OPTIONS = {
  'witness-policy': {
    type: 'string',
    help: 'a C2SP tlog-policy file: ask its witnesses (with URLs) to cosign the checkpoints',
    env: 'CAIRN_WITNESS_POLICY',
    placeholder: 'FILE',
  },
  'witness-enforce': { type: 'boolean', help: "/checkpoint serves only the newest checkpoint that meets the policy's quorum", env: 'CAIRN_WITNESS_ENFORCE' },
  'witness-interval-ms': {
    type: 'string',
    help: 'how often the witness loop looks for a grown tree',
    env: 'CAIRN_WITNESS_INTERVAL_MS',
    default: String(WITNESS_DEFAULTS.intervalMs),
    placeholder: 'MS',
  },
  'witness-timeout-ms': {
    type: 'string',
    help: 'how long one request to a witness may take',
    env: 'CAIRN_WITNESS_TIMEOUT_MS',
    default: String(WITNESS_DEFAULTS.timeoutMs),
    placeholder: 'MS',
  },
} as const;

/** The parsed values of WITNESS_SERVE_OPTIONS. */
export interface WitnessOptionValues {
  'witness-policy'?: string | undefined;
  'witness-enforce'?: boolean | undefined;
  'witness-interval-ms'?: string | undefined;
  'witness-timeout-ms'?: string | undefined;
}

/**
 * The loop's options from the flags, or undefined without `--witness-policy`. Throws
 * WitnessSettingsError for a bad number, an unreadable or invalid policy, or `--witness-enforce`
 * without a policy.
 */
export function witnessSettingsFromOptions(o: WitnessOptionValues): WitnessLoopOptions | undefined {
  const file = o['witness-policy'];
  if (file === undefined || file === '') {
    if (o['witness-enforce'] === true) throw new WitnessSettingsError('--witness-enforce needs --witness-policy FILE (CAIRN_WITNESS_POLICY)');
    return undefined;
  }
  const ms = (flag: 'witness-interval-ms' | 'witness-timeout-ms', min: number, fallback: number): number => {
    const v = o[flag];
    if (v === undefined) return fallback;
    const n = /^(0|[1-9][0-9]*)$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > 3_600_000)
      throw new WitnessSettingsError(`--${flag} must be a whole number of milliseconds from ${min} to 3600000, not ${JSON.stringify(v)}`);
    return n;
  };
  return readWitnessPolicy(file, {
    enforce: o['witness-enforce'] === true,
    intervalMs: ms('witness-interval-ms', 10, WITNESS_DEFAULTS.intervalMs),
    timeoutMs: ms('witness-timeout-ms', 100, WITNESS_DEFAULTS.timeoutMs),
  });
}

/** A policy file that cannot be used; the message names the file and what to change. */
export class WitnessSettingsError extends CodedError<'INVALID_WITNESS_POLICY'> {
  override readonly name = 'WitnessSettingsError';
  /** Requires a message that says what is wrong and what to do; the code is always INVALID_WITNESS_POLICY. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_WITNESS_POLICY', message, options);
  }
}

/**
 * Reads and checks the policy in `file`: it parses (tlog-policy), and every witness line has a
 * URL, the submission prefix the log posts to. Throws WitnessSettingsError otherwise.
 */
export function readWitnessPolicy(file: string, options: Partial<Omit<WitnessLoopOptions, 'policy'>> = {}): WitnessLoopOptions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new WitnessSettingsError(`cannot read the witness policy ${file}: ${(err as Error).message}`, { cause: err });
  }
  let policy;
  try {
    policy = parseWitnessPolicy(text);
  } catch (err) {
    if (err instanceof VerificationError) throw new WitnessSettingsError(`the witness policy ${file} is not valid: ${err.message}`, { cause: err });
    throw err;
  }
  if (policy.witnesses.length === 0) throw new WitnessSettingsError(`the witness policy ${file} names no witness; add \`witness <name> <vkey> <url>\` lines`);
  for (const w of policy.witnesses) {
    if (w.url === undefined || !/^https?:\/\//.test(w.url)) {
      throw new WitnessSettingsError(
        `the witness policy ${file} line ${w.line} gives witness ${w.name} no http(s) URL; the log needs the URL it posts add-checkpoint to`,
      );
    }
  }
  return {
    policy,
    enforce: options.enforce ?? false,
    intervalMs: options.intervalMs ?? WITNESS_DEFAULTS.intervalMs,
    timeoutMs: options.timeoutMs ?? WITNESS_DEFAULTS.timeoutMs,
    refreshMs: options.refreshMs ?? WITNESS_DEFAULTS.refreshMs,
  };
}

/**
 * Starts asking witnesses for `log`: checks that the policy accepts the log's key (when it lists
 * logs), opens `<dataDir>/witnessing/` and starts the loop, whose metrics join `registry`.
 */
export async function startWitnessing(
  log: WitnessedLog & { verifierKey: VerifierKey },
  dataDir: string,
  options: WitnessLoopOptions,
  logger: Logger,
  registry: Registry,
): Promise<WitnessLoop> {
  try {
    policyAllowsLog(options.policy, log.verifierKey);
  } catch (err) {
    if (err instanceof VerificationError) throw new WitnessSettingsError(`the witness policy does not fit this log: ${err.message}`, { cause: err });
    throw err;
  }
  const store = await CosignatureStore.open(join(dataDir, 'witnessing'));
  try {
    return await WitnessLoop.start(log, store, options, logger, createWitnessMetrics(registry));
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}
