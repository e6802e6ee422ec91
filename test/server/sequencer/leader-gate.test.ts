/**
 * LeaderGate (server/sequencer/leader-gate.ts): the epoch of a shared log's leader, the
 * retryable refusal of a follower, and step-down on a lost compare-and-swap.
 */
import { describe, expect, test } from '@jest/globals';
import { LeaderGate, notLeading } from '../../../server/sequencer/leader-gate.js';
import { SequencerError } from '../../../server/sequencer/errors.js';
import { StoreError } from '../../../server/store/store.js';

const head = { treeSize: 7, rootHash: new Uint8Array(32), note: 'note\n' };

describe('LeaderGate', () => {
  test('alone on a store: never refuses, commits without an expectation', () => {
    const gate = new LeaderGate();
    expect(gate.following).toBe(false);
    expect(() => gate.refuseUnlessLeading()).not.toThrow();
    expect(gate.expectation(head)).toBeUndefined();
  });

  test('leading: commits expect the previous checkpoint and the epoch', () => {
    const gate = new LeaderGate();
    gate.lead(4);
    expect(gate.epoch).toBe(4);
    expect(gate.expectation(head)).toEqual({ previous: { treeSize: 7, note: 'note\n' }, epoch: 4 });
  });

  test('following: appends are refused with a retryable store failure', () => {
    const gate = new LeaderGate();
    gate.follow();
    let caught: unknown;
    try {
      gate.refuseUnlessLeading();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SequencerError);
    expect((caught as SequencerError).code).toBe('STORE_FAILED');
    expect(((caught as SequencerError).cause as StoreError).code).toBe('STORE_UNAVAILABLE');
  });

  test('a lost compare-and-swap while leading tells the listeners', () => {
    const gate = new LeaderGate();
    gate.lead(2);
    const heard: string[] = [];
    gate.onConflict((err) => heard.push(err.code));
    gate.expectation(head);
    gate.commitFailed(new StoreError('STORE_CONFLICT', 'the head moved'));
    expect(heard).toEqual(['STORE_CONFLICT']);
  });

  test('a lost compare-and-swap of a round from an earlier epoch does not step the new leadership down', () => {
    const gate = new LeaderGate();
    gate.lead(2);
    gate.expectation(head);
    // Leadership lost and won again while that round was committing.
    gate.follow();
    gate.lead(3);
    const heard: string[] = [];
    gate.onConflict((err) => heard.push(err.code));
    gate.commitFailed(new StoreError('STORE_CONFLICT', 'fenced'));
    expect(heard).toEqual([]);
  });

  test('another failure is not a conflict', () => {
    const gate = new LeaderGate();
    gate.lead(2);
    const heard: string[] = [];
    gate.onConflict((err) => heard.push(err.code));
    gate.commitFailed(new StoreError('STORE_UNAVAILABLE', 'connection lost'));
    expect(heard).toEqual([]);
  });

  test("a conflict of a process alone on its store is nobody's step-down", () => {
    const gate = new LeaderGate();
    const heard: string[] = [];
    gate.onConflict((err) => heard.push(err.code));
    gate.commitFailed(new StoreError('STORE_CONFLICT', 'the head moved'));
    expect(heard).toEqual([]);
  });

  test('notLeading carries the reason', () => {
    expect(notLeading('stepped down').message).toBe('stepped down');
  });
});
