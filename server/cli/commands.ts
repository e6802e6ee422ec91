/**
 * The list of `cairn` subcommands, one file each. Add a command here to make it reachable.
 */
import { appendCommand } from './append.js';
import { auditCommand } from './audit.js';
import type { Command } from './command.js';
import { fsckCommand } from './fsck.js';
import { keygenCommand } from './keygen.js';
import { monitorCommand } from './monitor.js';
import { serveCommand } from './serve.js';
import { tokenAddCommand, tokenListCommand, tokenRevokeCommand } from './token.js';
import { verifyCommand } from './verify.js';
import { witnessCommand } from './witness.js';
import { exportCommand } from './export.js';
import { reindexCommand } from './reindex.js';
import { tailCommand } from './tail.js';
import { verifyBundleCommand } from './verify-bundle.js';
import { eraseCommand } from './erase.js';
import { holdAddCommand, holdListCommand, holdReleaseCommand } from './hold.js';

export const COMMANDS: Command[] = [
  serveCommand,
  keygenCommand,
  tokenAddCommand,
  tokenListCommand,
  tokenRevokeCommand,
  appendCommand,
  verifyCommand,
  monitorCommand,
  auditCommand,
  fsckCommand,
  witnessCommand,
  reindexCommand,
  tailCommand,
  exportCommand,
  verifyBundleCommand,
  eraseCommand,
  holdAddCommand,
  holdListCommand,
  holdReleaseCommand,
];
