/**
 * C2SP tlog-policy (https://c2sp.org/tlog-policy): which logs are trusted, which witnesses, and
 * the quorum of cosignatures a checkpoint needs. The file is line based:
 *
 *   log <vkey> [<url>]
 *   witness <name> <vkey> [<url>]
 *   group <name> all|any|<k> <member>...
 *   quorum <name>|none
 *
 * Items are separated by runs of spaces and tabs; leading and trailing whitespace, empty lines
 * and lines starting with `#` (after optional whitespace) are ignored. Witnesses and groups share
 * one namespace; `none` is predefined and only valid as the quorum. A group or the quorum may
 * name only witnesses and groups defined on earlier lines; each name may be a group member at
 * most once in the whole file; 1 <= k <= n. Exactly one quorum line. Two logs, or two
 * witnesses, with the same public key are an error. The only control characters allowed are tab
 * and newline.
 *
 * Deviations, each stricter: the spec treats non-ASCII bytes as opaque, Cairn requires UTF-8
 * (names compare as strings, which for valid UTF-8 is the same as comparing bytes); log keys
 * must be Ed25519 note keys (0x01) and witness keys Ed25519 cosignature keys (0x04), the only
 * types Cairn verifies. Every error is MALFORMED_POLICY with the line number.
 *
 * Browser-safe: no node: imports.
 */
import { equalBytes } from '../merkle/index.js';
import { parseCosignatureVerifierKey, verifyCosignatures, type Cosignature, type CosignatureOptions, type CosignatureVerifierKey } from './cosignature.js';
import { VerificationError, fail } from './errors.js';
import { formatKeyId, parseVerifierKey, type VerifierKey } from './note-keys.js';

/** Largest policy file accepted, in characters. */
export const MAX_POLICY_SIZE = 256 * 1024;

/** Most logs, witnesses and groups (each) a policy may define (the spec asks for at least 32). */
export const MAX_POLICY_ENTRIES = 1024;

/** A `log` line. */
export interface PolicyLog {
  verifierKey: VerifierKey;
  url?: string;
  /** 1-based line number in the file. */
  line: number;
}

/** A `witness` line. */
export interface PolicyWitness {
  /** The name inside the policy (not necessarily the key name). */
  name: string;
  verifierKey: CosignatureVerifierKey;
  url?: string;
  line: number;
}

/** A `group` line; `threshold` is k (all = n, any = 1). */
export interface PolicyGroup {
  name: string;
  threshold: number;
  /** Names of witnesses and groups defined earlier. */
  members: string[];
  line: number;
}

/** A parsed policy. */
export interface WitnessPolicy {
  logs: PolicyLog[];
  witnesses: PolicyWitness[];
  groups: PolicyGroup[];
  /** The witness or group that must witness a checkpoint; null for `quorum none`. */
  quorum: string | null;
}

/** A cosignature checked under a policy, with the policy's name of its witness. */
export interface PolicyCosignature extends Cosignature {
  witness: string;
}

/**
 * Parses a tlog-policy file exactly (see the file comment). Throws MALFORMED_POLICY naming the
 * line and what to change.
 */
export function parseWitnessPolicy(text: string): WitnessPolicy {
  if (typeof text !== 'string') fail('MALFORMED_POLICY', 'the policy must be a string');
  if (text.length > MAX_POLICY_SIZE) fail('MALFORMED_POLICY', `the policy is longer than ${MAX_POLICY_SIZE} characters`);
  const logs: PolicyLog[] = [];
  const witnesses: PolicyWitness[] = [];
  const groups: PolicyGroup[] = [];
  const defined = new Map<string, number>();
  const usedAsMember = new Map<string, number>();
  let quorum: string | null | undefined;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const n = i + 1;
    const bad = /[\x00-\x08\x0b-\x1f\x7f]/.exec(raw);
    if (bad !== null) {
      const hint = bad[0] === '\r' ? ' (carriage return: save the file with LF line endings)' : '';
      policyError(
        n,
        `holds the control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}${hint}; only tab and newline are allowed`,
      );
    }
    if (/[\uD800-\uDFFF]/.test(raw) && /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(raw)) {
      policyError(n, 'is not valid Unicode (lone surrogate)');
    }
    const items = raw.split(/[ \t]+/).filter((s) => s !== '');
    const keyword = items[0];
    if (keyword === undefined || keyword.startsWith('#')) return;
    switch (keyword) {
      case 'log': {
        if (items.length < 2 || items.length > 3) policyError(n, 'must be `log <vkey> [<url>]`');
        const verifierKey = keyOf(n, () => parseVerifierKey(items[1]!));
        const same = logs.find((l) => equalBytes(l.verifierKey.publicKey, verifierKey.publicKey));
        if (same !== undefined) policyError(n, `lists the same public key as the log on line ${same.line}; each log appears once`);
        logs.push({ verifierKey, ...(items[2] !== undefined ? { url: items[2] } : {}), line: n });
        if (logs.length > MAX_POLICY_ENTRIES) policyError(n, `defines more than ${MAX_POLICY_ENTRIES} logs`);
        return;
      }
      case 'witness': {
        if (items.length < 3 || items.length > 4) policyError(n, 'must be `witness <name> <vkey> [<url>]`');
        const name = items[1]!;
        define(n, name);
        const verifierKey = keyOf(n, () => parseCosignatureVerifierKey(items[2]!));
        const same = witnesses.find((w) => equalBytes(w.verifierKey.publicKey, verifierKey.publicKey));
        if (same !== undefined) policyError(n, `lists the same public key as witness ${same.name} on line ${same.line}; each witness appears once`);
        witnesses.push({ name, verifierKey, ...(items[3] !== undefined ? { url: items[3] } : {}), line: n });
        if (witnesses.length > MAX_POLICY_ENTRIES) policyError(n, `defines more than ${MAX_POLICY_ENTRIES} witnesses`);
        return;
      }
      case 'group': {
        if (items.length < 4) policyError(n, 'must be `group <name> all|any|<k> <member>...` with at least one member');
        const name = items[1]!;
        const members = items.slice(3);
        for (const member of members) {
          if (member === 'none') policyError(n, 'names `none` as a member; `none` is only valid as the quorum');
          if (member === name) policyError(n, `names the group ${name} as its own member`);
          if (!defined.has(member))
            policyError(n, `names ${JSON.stringify(member)}, which no earlier line defines (define witnesses and groups before the groups that use them)`);
          const earlier = usedAsMember.get(member);
          if (earlier !== undefined)
            policyError(n, `names ${JSON.stringify(member)}, already a group member on line ${earlier}; each name may be a member once`);
          usedAsMember.set(member, n);
        }
        define(n, name);
        const threshold = thresholdOf(n, items[2]!, members.length);
        groups.push({ name, threshold, members, line: n });
        if (groups.length > MAX_POLICY_ENTRIES) policyError(n, `defines more than ${MAX_POLICY_ENTRIES} groups`);
        return;
      }
      case 'quorum': {
        if (items.length !== 2) policyError(n, 'must be `quorum <name>` or `quorum none`');
        if (quorum !== undefined) policyError(n, 'is a second quorum line; a policy has exactly one');
        const name = items[1]!;
        if (name !== 'none' && !defined.has(name)) policyError(n, `names ${JSON.stringify(name)}, which no earlier line defines`);
        quorum = name === 'none' ? null : name;
        return;
      }
      default:
        policyError(n, `starts with ${JSON.stringify(keyword)}; a line is log, witness, group, quorum or a # comment`);
    }
  });
  if (quorum === undefined) fail('MALFORMED_POLICY', 'the policy has no quorum line; add `quorum <witness or group>` (or `quorum none`)');
  return { logs, witnesses, groups, quorum };

  function define(n: number, name: string): void {
    if (name === 'none') policyError(n, 'defines the name `none`, which is reserved');
    const earlier = defined.get(name);
    if (earlier !== undefined)
      policyError(n, `defines ${JSON.stringify(name)} again (first defined on line ${earlier}); witnesses and groups share one namespace`);
    defined.set(name, n);
  }
}

/**
 * Whether the witnesses named in `cosigned` (policy names) satisfy the policy's quorum: a
 * witness witnesses when it cosigned, a group when at least k of its members did (recursively);
 * `quorum none` is always satisfied (tlog-policy, "Defining a witness group").
 */
export function quorumSatisfied(policy: WitnessPolicy, cosigned: ReadonlySet<string>): boolean {
  if (policy.quorum === null) return true;
  const groups = new Map(policy.groups.map((g) => [g.name, g]));
  const memo = new Map<string, boolean>();
  const witnessed = (name: string): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const group = groups.get(name);
    // Groups only name earlier lines, so this recursion always ends.
    const result = group === undefined ? cosigned.has(name) : group.members.filter(witnessed).length >= group.threshold;
    memo.set(name, result);
    return result;
  };
  return witnessed(policy.quorum);
}

/**
 * Checks a signed checkpoint's cosignatures against the policy's witnesses and its quorum
 * (tlog-policy, tlog-cosignature): every line by a policy witness must be valid (BAD_COSIGNATURE
 * otherwise, see verifyCosignatures), and the valid ones must satisfy the quorum
 * (POLICY_NOT_SATISFIED otherwise, naming who cosigned). Returns the cosignatures checked. The
 * log's own signature is not checked here: see openCheckpoint and policyAllowsLog.
 */
export function checkWitnessPolicy(note: string | Uint8Array, policy: WitnessPolicy, options: CosignatureOptions = {}): PolicyCosignature[] {
  checkPolicyObject(policy);
  const byId = new Map(policy.witnesses.map((w) => [`${w.verifierKey.name}+${formatKeyId(w.verifierKey.keyId)}`, w.name]));
  const checked = verifyCosignatures(
    note,
    policy.witnesses.map((w) => w.verifierKey),
    options,
  );
  const cosignatures = checked.map((c) => ({ ...c, witness: byId.get(`${c.name}+${formatKeyId(c.keyId)}`)! }));
  if (!quorumSatisfied(policy, new Set(cosignatures.map((c) => c.witness)))) {
    const who = cosignatures.length === 0 ? 'no witness of the policy' : cosignatures.map((c) => c.witness).join(', ');
    fail(
      'POLICY_NOT_SATISFIED',
      `the checkpoint is cosigned by ${who}, which does not satisfy the quorum ${policy.quorum ?? 'none'}; wait for more cosignatures, or fetch a newer checkpoint`,
    );
  }
  return cosignatures;
}

/**
 * Throws POLICY_NOT_SATISFIED unless the policy accepts the log key `key`: any key when the
 * policy lists no log, else one of its `log` lines (same name and public key).
 */
export function policyAllowsLog(policy: WitnessPolicy, key: VerifierKey): void {
  checkPolicyObject(policy);
  if (policy.logs.length === 0) return;
  if (policy.logs.some((l) => l.verifierKey.name === key.name && equalBytes(l.verifierKey.publicKey, key.publicKey))) return;
  fail('POLICY_NOT_SATISFIED', `the policy does not list the log key ${key.text}; add a \`log\` line for it, or use the policy of this log`);
}

function checkPolicyObject(policy: WitnessPolicy): void {
  if (policy === null || typeof policy !== 'object' || !Array.isArray(policy.witnesses) || !Array.isArray(policy.logs)) {
    fail('INVALID_ARGUMENT', 'the policy must be a WitnessPolicy (see parseWitnessPolicy)');
  }
}

function thresholdOf(n: number, word: string, members: number): number {
  if (word === 'all') return members;
  if (word === 'any') return 1;
  if (!/^[0-9]{1,9}$/.test(word)) policyError(n, `has the threshold ${JSON.stringify(word)}; use all, any or a decimal number k`);
  const k = Number(word);
  if (k < 1 || k > members) policyError(n, `has the threshold ${k} for ${members} members; k must be from 1 to ${members}`);
  return k;
}

function keyOf<T>(n: number, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof VerificationError) policyError(n, `has an invalid key: ${err.message}`, err);
    throw err;
  }
}

function policyError(line: number, problem: string, cause?: unknown): never {
  fail('MALFORMED_POLICY', `policy line ${line} ${problem}`, cause);
}
