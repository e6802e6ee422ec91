/**
 * Exit codes of the commands that check a log (`cairn monitor`, `cairn audit`), beyond the
 * shared 0 (ok), 1 (could not check: network, files, other errors) and 2 (usage) of
 * server/cli/command.ts. Each kind of misbehaviour has its own code, the same in every command,
 * so scripts can tell them apart (documented in each command's --help and in the README).
 */

/** The checkpoint does not verify with the log's key (bad signature, other key, wrong origin). */
export const EXIT_BAD_SIGNATURE = 3;
/** The log signed a smaller tree than one it signed before. */
export const EXIT_ROLLBACK = 4;
/** The log signed two inconsistent trees (same size and another root, or a failed consistency proof). */
export const EXIT_FORK = 5;
/** What the log serves contradicts its signed checkpoint (a tile, an entry, the root). */
export const EXIT_MISMATCH = 6;
