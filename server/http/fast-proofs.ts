/**
 * GET /v1/proof/inclusion?index=I[&size=N] and /v1/proof/consistency?from=M[&to=N] before
 * express (issue 17; fast-path.ts): the same answer as routes/proofs.ts (its encoders and
 * sender), for the requests whose parameters that route would accept. A request it would refuse
 * (a size beyond the log, an index outside the tree, from > to, a non-canonical number, the
 * leafHash form, an unknown parameter) is left to express, so every problem is express's own.
 * Reads that need a token are left to express too (`requireReaderForReads`).
 *
 * Encoded answers at an explicit size never change (a proof at a tree size is immutable), so the
 * last ones are kept by (route, parameters, format) in a small LRU: a client polling the same
 * proofs, or a monitor walking a log, gets them without reading or encoding anything.
 */
import type { FastAnswer, FastRoute } from './fast-path.js';
import { canonicalNumber, digitQuery } from './fast-path.js';
import type { Format } from './negotiate.js';
import { CONSISTENCY_ROUTE, INCLUSION_ROUTE, consistencyBody, inclusionBody, proofCacheControl, sendProof, type ProofAnswer } from './routes/proofs.js';
import type { LogContext } from './served-log.js';

/** Encoded proofs at explicit sizes kept: 4,096 to 8,192 (about 1.2 KB each at 1M entries). */
export const PROOF_ANSWER_CACHE_SIZE = 4096;

/**
 * The last encoded answers, in two generations: a hit in the older one moves to the newer, and
 * when the newer holds `size` answers it becomes the older (the oldest go). Between `size` and
 * 2·`size` answers are kept, the ones asked for lately; a hit costs one Map look-up.
 */
class AnswerCache {
  private newer = new Map<string, string | Buffer>();
  private older = new Map<string, string | Buffer>();

  constructor(private readonly size: number) {}

  get(key: string): string | Buffer | undefined {
    const hit = this.newer.get(key);
    if (hit !== undefined) return hit;
    const old = this.older.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, body: string | Buffer): void {
    if (this.newer.size >= this.size) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, body);
  }
}

const INCLUSION_PARAMS = ['index', 'size'] as const;
const CONSISTENCY_PARAMS = ['from', 'to'] as const;

function fastAnswer(answer: ProofAnswer): FastAnswer {
  return { send: (res) => sendProof(res, answer) };
}

/**
 * The fast routes of the proof API of one log, keeping up to 2·`cacheSize` encoded answers (0:
 * none). Returns none when reads need a token (express checks it). Requires `ctx.log` open.
 */
export function fastProofRoutes(ctx: LogContext, cacheSize = PROOF_ANSWER_CACHE_SIZE): FastRoute[] {
  if (ctx.policy.requireReaderForReads) return [];
  const { log } = ctx;
  const immutable = proofCacheControl(ctx, true);
  const latest = proofCacheControl(ctx, false);
  const answers = new AnswerCache(cacheSize);

  /** The answer at an explicit size, from the cache or made and kept. */
  const cached = (key: string, format: Format, make: () => Promise<string | Buffer>): (() => Promise<FastAnswer>) => {
    if (cacheSize === 0) return async () => fastAnswer({ cacheControl: immutable, format, body: await make() });
    const fullKey = `${format}/${key}`;
    return async () => {
      let body = answers.get(fullKey);
      if (body === undefined) {
        body = await make();
        answers.set(fullKey, body);
      }
      return fastAnswer({ cacheControl: immutable, format, body });
    };
  };
  /** The work answering a proof: cached at an explicit size, made each time at the latest. */
  const answer = (explicit: boolean, key: string, format: Format, make: () => Promise<string | Buffer>): (() => Promise<FastAnswer>) =>
    explicit ? cached(key, format, make) : async () => fastAnswer({ cacheControl: latest, format, body: await make() });

  const inclusion: FastRoute = {
    path: INCLUSION_ROUTE,
    prepare(query, format) {
      const q = digitQuery(query, INCLUSION_PARAMS);
      if (q === undefined) return undefined;
      const index = canonicalNumber(q.index);
      const size = q.size === undefined ? log.checkpoint.treeSize : canonicalNumber(q.size);
      if (index === undefined || size === undefined || size > log.checkpoint.treeSize || index >= size) return undefined;
      const make = async (): Promise<string | Buffer> => {
        const [leafHash, hashes] = await Promise.all([log.leafHash(index), log.inclusionProof(index, size)]);
        return inclusionBody(format, index, size, leafHash, hashes);
      };
      return answer(q.size !== undefined, `i/${index}/${size}`, format, make);
    },
  };

  const consistency: FastRoute = {
    path: CONSISTENCY_ROUTE,
    prepare(query, format) {
      const q = digitQuery(query, CONSISTENCY_PARAMS);
      if (q === undefined) return undefined;
      const from = canonicalNumber(q.from);
      const to = q.to === undefined ? log.checkpoint.treeSize : canonicalNumber(q.to);
      if (from === undefined || to === undefined || to > log.checkpoint.treeSize || from > to) return undefined;
      const make = async (): Promise<string | Buffer> => consistencyBody(format, from, to, await log.consistencyProof(from, to));
      return answer(q.to !== undefined, `c/${from}/${to}`, format, make);
    },
  };

  return [inclusion, consistency];
}
