/**
 * server/index/: secondary indexes of the log (issue 13) and the search over them. The public
 * face; other folders import only this file.
 *
 * - EntrySource: what the index reads from the log (the log adapts to it).
 * - IndexStore / LevelIndexStore / WorkerIndexStore: posting lists and the follower's durable
 *   position, in this thread or in a worker thread.
 * - IndexFollower / reindex: maintain the index off the commit path; rebuild it.
 * - searchEvents / parseRangeBound / findIndexAtTime: the query engine.
 */
export type { EntrySource, SourceEntries, SourcePayload } from './entry-source.js';
export { IndexError, type IndexErrorCode } from './errors.js';
export type { IndexedChunk, IndexStore, Posting, PostingCursor, SearchOrder } from './index-store.js';
export { mergeJoin, type JoinFilter } from './merge-join.js';
export { INDEXED_FIELDS, INDEX_FORMAT_VERSION, type IndexedField } from './keys.js';
export { LevelIndexStore, indexDir } from './level-index-store.js';
export { WorkerIndexStore } from './worker-index-store.js';
export { forEachPosting, payloadSizeOf, postingsOf, type ChunkPostings } from './postings.js';
export { IndexFollower, reindex, type ChunkReport, type FollowerOptions } from './follower.js';
export { findIndexAtTime } from './time-lookup.js';
export { MAX_CURSOR_LENGTH, MIN_CURSOR_KEY_BYTES, openCursor, sealCursor, type CursorPosition } from './cursor.js';
export {
  DEFAULT_CURSOR_TTL_MS,
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  parseRangeBound,
  searchEvents,
  type RangeBound,
  type SearchContext,
  type SearchQuery,
  type SearchResult,
} from './search.js';
export { logSource, type IndexedLog } from './log-source.js';
export { cursorSecretPath, loadCursorSecret } from './cursor-secret.js';
export { EventIndex, type EventIndexOptions } from './event-index.js';
export { openServedIndex } from './served-index.js';
