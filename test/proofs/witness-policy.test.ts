/**
 * C2SP tlog-policy: the parser (every syntax error its own test, with its line number), quorum
 * evaluation over nested groups, and checkWitnessPolicy over real cosignatures.
 */
import { describe, expect, test } from '@jest/globals';
import {
  checkWitnessPolicy,
  createCosigner,
  encodeBase64,
  generateSignerKey,
  parseWitnessPolicy,
  policyAllowsLog,
  quorumSatisfied,
  verifierKeyOf,
  parseVerifierKey,
  type WitnessPolicy,
} from '../../proofs/index.js';
import { expectVerificationError } from '../helpers/expect-error.js';

const witnessKeys = Array.from({ length: 6 }, (_, i) => generateSignerKey(`w${i}.example`, new Uint8Array(32).fill(i + 1)));
const cosigners = witnessKeys.map((k) => createCosigner(k));
const W = cosigners.map((c) => c.verifierKey);
const logKey = generateSignerKey('example.com/log', new Uint8Array(32).fill(99));
const LOG = verifierKeyOf(logKey);

const example = `# the spec's example, with real keys
log ${LOG} https://example.com/log

witness X1 ${W[0]}
witness X2 ${W[1]} https://w1.example/
witness X3 ${W[2]}
group X-witnesses 2 X1 X2 X3

\twitness Y1 ${W[3]}\t
witness  Y2  ${W[4]}
witness Y3 ${W[5]}
group Y-witnesses any Y1 Y2 Y3
   # indented comment
group X-and-Y all X-witnesses Y-witnesses
quorum X-and-Y
`;

describe('parseWitnessPolicy', () => {
  test("parses the spec's example", () => {
    const p = parseWitnessPolicy(example);
    expect(p.logs.map((l) => [l.verifierKey.text, l.url, l.line])).toEqual([[LOG, 'https://example.com/log', 2]]);
    expect(p.witnesses.map((w) => w.name)).toEqual(['X1', 'X2', 'X3', 'Y1', 'Y2', 'Y3']);
    expect(p.witnesses[1]!.url).toBe('https://w1.example/');
    expect(p.witnesses[0]!.url).toBeUndefined();
    expect(p.groups).toEqual([
      { name: 'X-witnesses', threshold: 2, members: ['X1', 'X2', 'X3'], line: 7 },
      { name: 'Y-witnesses', threshold: 1, members: ['Y1', 'Y2', 'Y3'], line: 12 },
      { name: 'X-and-Y', threshold: 2, members: ['X-witnesses', 'Y-witnesses'], line: 14 },
    ]);
    expect(p.quorum).toBe('X-and-Y');
  });

  test('quorum none with no witnesses', () => {
    expect(parseWitnessPolicy('quorum none\n')).toEqual({ logs: [], witnesses: [], groups: [], quorum: null });
  });

  test('a missing final newline is accepted', () => {
    expect(parseWitnessPolicy(`witness a ${W[0]}\nquorum a`).quorum).toBe('a');
  });

  test('non-ASCII names are opaque: K and the Kelvin sign are different names', () => {
    const p = parseWitnessPolicy(`witness K ${W[0]}\nwitness \u212a ${W[1]}\ngroup g all K \u212a\nquorum g\n`);
    expect(p.groups[0]!.members).toEqual(['K', '\u212a']);
  });

  const errors: [string, string, RegExp][] = [
    ['no quorum line', `witness a ${W[0]}\n`, /no quorum line/],
    ['two quorum lines', `witness a ${W[0]}\nquorum a\nquorum a\n`, /line 3 is a second quorum/],
    ['quorum naming an undefined name', 'quorum a\n', /line 1 names "a", which no earlier line/],
    ['quorum naming a witness defined later', `quorum a\nwitness a ${W[0]}\n`, /line 1 names "a"/],
    ['quorum with two names', `witness a ${W[0]}\nquorum a a\n`, /line 2 must be `quorum/],
    ['quorum with no name', 'quorum\n', /line 1 must be `quorum/],
    ['an unknown keyword', 'witnesses a b\nquorum none\n', /line 1 starts with "witnesses"/],
    ['a trailing comment on a line', `witness a ${W[0]} # main\nquorum a\n`, /line 1 must be `witness/],
    ['a log line without a key', 'log\nquorum none\n', /line 1 must be `log/],
    ['a log line with extra items', `log ${LOG} https://x y\nquorum none\n`, /line 1 must be `log/],
    ['a log key of the wrong type (a cosignature key)', `log ${W[0]}\nquorum none\n`, /line 1 has an invalid key/],
    ['a witness key of the wrong type (a plain note key)', `witness a ${LOG}\nquorum a\n`, /line 1 has an invalid key.*0x01/],
    ['a witness line without a key', 'witness a\nquorum none\n', /line 1 must be `witness/],
    ['a witness key with a wrong key ID', `witness a ${W[0]!.replace(/\+[0-9a-f]{8}\+/, '+00000000+')}\nquorum a\n`, /line 1 has an invalid key/],
    ['two witnesses with one public key', `witness a ${W[0]}\nwitness b ${W[0]}\nquorum a\n`, /line 2 lists the same public key as witness a on line 1/],
    ['two logs with one public key', `log ${LOG}\nlog ${LOG}\nquorum none\n`, /line 2 lists the same public key as the log on line 1/],
    ['a name defined twice', `witness a ${W[0]}\nwitness a ${W[1]}\nquorum a\n`, /line 2 defines "a" again \(first defined on line 1\)/],
    ['a group reusing a witness name', `witness a ${W[0]}\ngroup a any a\nquorum a\n`, /line 2 names the group a as its own member/],
    ['a group named like an earlier witness', `witness a ${W[0]}\nwitness b ${W[1]}\ngroup a any b\nquorum a\n`, /line 3 defines "a" again/],
    ['a witness named none', `witness none ${W[0]}\nquorum none\n`, /line 1 defines the name `none`/],
    ['none as a group member', `witness a ${W[0]}\ngroup g any a none\nquorum g\n`, /line 2 names `none` as a member/],
    ['a group member defined later', `group g any a\nwitness a ${W[0]}\nquorum g\n`, /line 1 names "a", which no earlier line defines/],
    ['a group without members', `witness a ${W[0]}\ngroup g any\nquorum a\n`, /line 2 must be `group/],
    ['a group member listed twice in one group', `witness a ${W[0]}\ngroup g any a a\nquorum g\n`, /line 2 names "a", already a group member on line 2/],
    [
      'a name member of two groups',
      `witness a ${W[0]}\nwitness b ${W[1]}\ngroup g any a\ngroup h any a b\nquorum h\n`,
      /line 4 names "a", already a group member on line 3/,
    ],
    ['threshold 0', `witness a ${W[0]}\ngroup g 0 a\nquorum g\n`, /line 2 has the threshold 0 for 1 members/],
    ['threshold above n', `witness a ${W[0]}\ngroup g 2 a\nquorum g\n`, /line 2 has the threshold 2 for 1 members/],
    ['a negative threshold', `witness a ${W[0]}\ngroup g -1 a\nquorum g\n`, /line 2 has the threshold "-1"/],
    ['a threshold word that is not all or any', `witness a ${W[0]}\ngroup g most a\nquorum g\n`, /line 2 has the threshold "most"/],
    ['ALL in capitals', `witness a ${W[0]}\ngroup g ALL a\nquorum g\n`, /line 2 has the threshold "ALL"/],
    ['a carriage return (CRLF file)', `witness a ${W[0]}\r\nquorum a\r\n`, /line 1 holds the control character U\+000D.*LF line endings/],
    ['a NUL byte', 'quorum none\0\n', /line 1 holds the control character U\+0000/],
    ['a DEL character', '# \x7f\nquorum none\n', /line 1 holds the control character U\+007F/],
    ['a lone surrogate', '# \ud800\nquorum none\n', /line 1 is not valid Unicode/],
  ];
  for (const [name, text, message] of errors) {
    test(`refuses ${name}`, () => {
      expectVerificationError(() => parseWitnessPolicy(text), 'MALFORMED_POLICY', message);
    });
  }

  test('refuses a policy larger than MAX_POLICY_SIZE', () => {
    expectVerificationError(() => parseWitnessPolicy('#'.repeat(300 * 1024) + '\nquorum none\n'), 'MALFORMED_POLICY', /longer than/);
  });

  test('refuses what is not a string', () => {
    expectVerificationError(() => parseWitnessPolicy(42 as unknown as string), 'MALFORMED_POLICY');
  });
});

describe('quorumSatisfied', () => {
  const p = parseWitnessPolicy(example);
  const cases: [string[], boolean][] = [
    [[], false],
    [['X1', 'X2'], false],
    [['Y1'], false],
    [['X1', 'Y3'], false],
    [['X1', 'X2', 'Y2'], true],
    [['X2', 'X3', 'Y1', 'Y2', 'Y3'], true],
    [['X1', 'X2', 'X3'], false],
    [['X1', 'X2', 'X3', 'Y1', 'Y2', 'Y3'], true],
    // Names that are groups do not count as cosigners.
    [['X-witnesses', 'Y-witnesses'], false],
  ];
  for (const [cosigned, expected] of cases) {
    test(`{${cosigned.join(', ')}} → ${expected}`, () => {
      expect(quorumSatisfied(p, new Set(cosigned))).toBe(expected);
    });
  }

  test('quorum none is always satisfied', () => {
    expect(quorumSatisfied(parseWitnessPolicy('quorum none\n'), new Set())).toBe(true);
  });

  test('a single witness as the quorum', () => {
    const single = parseWitnessPolicy(`witness a ${W[0]}\nwitness b ${W[1]}\nquorum b\n`);
    expect(quorumSatisfied(single, new Set(['a']))).toBe(false);
    expect(quorumSatisfied(single, new Set(['b']))).toBe(true);
  });
});

describe('checkWitnessPolicy over real cosignatures', () => {
  const body = `example.com/log\n8\n${encodeBase64(new Uint8Array(32).fill(1))}\n`;
  const cosign = (indexes: number[], time = 1700000000): string => `${body}\n${indexes.map((i) => cosigners[i]!.cosign(body, time)).join('')}`;
  const p: WitnessPolicy = parseWitnessPolicy(example);

  test('satisfied: returns every cosignature checked, with the policy names', () => {
    const result = checkWitnessPolicy(cosign([0, 2, 4]), p);
    expect(result.map((c) => [c.witness, c.name, c.timestamp])).toEqual([
      ['X1', 'w0.example', 1700000000],
      ['X3', 'w2.example', 1700000000],
      ['Y2', 'w4.example', 1700000000],
    ]);
  });

  test('POLICY_NOT_SATISFIED names who cosigned', () => {
    expectVerificationError(() => checkWitnessPolicy(cosign([0, 1]), p), 'POLICY_NOT_SATISFIED', /cosigned by X1, X2.*quorum X-and-Y/);
  });

  test('POLICY_NOT_SATISFIED with no cosignature at all (unknown lines ignored)', () => {
    const stranger = createCosigner(generateSignerKey('stranger', new Uint8Array(32).fill(50)));
    expectVerificationError(() => checkWitnessPolicy(`${body}\n${stranger.cosign(body, 1)}`, p), 'POLICY_NOT_SATISFIED', /no witness of the policy/);
  });

  test('one bad cosignature among enough good ones refuses the checkpoint (BAD_COSIGNATURE)', () => {
    const good = cosign([0, 1, 3]);
    const otherBody = body.replace('\n8\n', '\n9\n');
    const bad = cosigners[5]!.cosign(otherBody, 1);
    expectVerificationError(() => checkWitnessPolicy(good + bad, p), 'BAD_COSIGNATURE');
  });

  test('policyAllowsLog: the listed log passes, another key is refused, no log lines allow any', () => {
    policyAllowsLog(p, parseVerifierKey(LOG));
    const other = parseVerifierKey(verifierKeyOf(generateSignerKey('example.com/log', new Uint8Array(32).fill(98))));
    expectVerificationError(() => policyAllowsLog(p, other), 'POLICY_NOT_SATISFIED', /does not list the log key/);
    policyAllowsLog(parseWitnessPolicy('quorum none\n'), other);
  });
});
