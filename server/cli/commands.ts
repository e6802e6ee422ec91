/**
 * The list of `cairn` subcommands, one file each. Add a command here to make it reachable.
 */
import type { Command } from './command.js';
import { keygenCommand } from './keygen.js';

export const COMMANDS: Command[] = [keygenCommand];
