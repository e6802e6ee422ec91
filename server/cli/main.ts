/**
 * Entry point of the `cairn` command (SPEC §7): dispatches to one subcommand per file.
 * `runCli` returns the exit code; bin/cairn sets it.
 */
import { readFileSync } from 'node:fs';
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  formatHelp,
  parseCommandLine,
  type Command,
  type CommandIo,
  type OptionSpecs,
  type OptionValues,
} from './command.js';
import { COMMANDS } from './commands.js';

/** The process's real streams. */
export function processIo(): CommandIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdin: async () => new Uint8Array(readFileSync(0)),
    env: process.env,
    isTty: process.stdout.isTTY === true,
  };
}

function topHelp(): string {
  const lines = ['Usage: cairn <command> [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(14)} ${c.summary}`);
  lines.push('', 'Run `cairn <command> --help` for the options of one command.');
  return lines.join('\n') + '\n';
}

/** Runs `cairn <argv...>` and returns the exit code. */
export async function runCli(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(topHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  // `cairn token add` and friends: a command name may have two words.
  let command: Command | undefined = COMMANDS.find((c) => c.name === name);
  let args = rest;
  if (command === undefined && rest[0] !== undefined) {
    command = COMMANDS.find((c) => c.name === `${name} ${rest[0]}`);
    args = rest.slice(1);
  }
  if (command === undefined) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${name} `));
    if (group.length > 0) {
      io.stderr(`cairn ${name}: say which: ${group.map((c) => c.name).join(', ')}\n`);
    } else {
      io.stderr(`cairn: unknown command ${JSON.stringify(name)}\n\n${topHelp()}`);
    }
    return EXIT_USAGE;
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseCommandLine(command, args, io.env);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`cairn ${command.name}: ${err.message}\n\n${formatHelp(command)}`);
      return EXIT_USAGE;
    }
    throw err;
  }
  if (parsed.values['help'] === true) {
    io.stdout(formatHelp(command));
    return EXIT_OK;
  }
  try {
    return await command.run(parsed.values as OptionValues<OptionSpecs>, parsed.positionals, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`cairn ${command.name}: ${err.message}\n\n${formatHelp(command)}`);
      return EXIT_USAGE;
    }
    const message = err instanceof Error ? err.message : String(err);
    if (parsed.values['json'] === true) io.stdout(JSON.stringify({ error: message }) + '\n');
    io.stderr(`cairn ${command.name}: ${message}\n`);
    return EXIT_FAILURE;
  }
}
