/**
 * What `@jest/globals` resolves to when the chaos harness runs outside jest (ts-loader.js): the
 * test helpers it shares with the tests may import jest's names, but the harness never calls
 * them; a call says so.
 */
const outsideJest = (name) => () => {
  throw new Error(`${name} from @jest/globals was called outside jest (in the chaos harness)`);
};
export const describe = outsideJest('describe');
export const test = outsideJest('test');
export const expect = outsideJest('expect');
export const jest = {};
