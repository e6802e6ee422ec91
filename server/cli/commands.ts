/**
 * The list of `cairn` subcommands, one file each. Add a command here to make it reachable.
 */
import type { Command } from './command.js';

export const COMMANDS: Command[] = [];
