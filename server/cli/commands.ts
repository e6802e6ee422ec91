/**
 * The list of `cairn` subcommands, one file each. Add a command here to make it reachable.
 */
import type { Command } from './command.js';
import { keygenCommand } from './keygen.js';
import { serveCommand } from './serve.js';
import { tokenAddCommand, tokenListCommand, tokenRevokeCommand } from './token.js';

export const COMMANDS: Command[] = [serveCommand, keygenCommand, tokenAddCommand, tokenListCommand, tokenRevokeCommand];
