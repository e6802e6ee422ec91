/**
 * The small framework every `cairn` subcommand is written in: options come from flags or from
 * `CAIRN_*` environment variables (flag first), every command has `--help` and `--json`, and a
 * command returns its exit code instead of calling process.exit (so tests can run it in-process).
 */
import { CodedError } from '../../merkle/index.js';
import { parseArgs } from 'node:util';

/** One option of a command. `env` names the environment variable that may supply it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  help: string;
  env?: string;
  default?: string | boolean;
  short?: string;
  /** The value's placeholder in --help, e.g. DIR. */
  placeholder?: string;
  multiple?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** The parsed options: strings, booleans or string arrays, as declared. */
export type OptionValues<S extends OptionSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'boolean' ? boolean : S[K]['multiple'] extends true ? string[] : string | undefined;
};

/** Where a command writes: injectable so tests capture the output. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: () => Promise<Uint8Array>;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (progress bars only then). */
  isTty: boolean;
}

/** A subcommand: its name, usage, options and body. */
export interface Command<S extends OptionSpecs = OptionSpecs> {
  name: string;
  summary: string;
  usage: string;
  options: S;
  /** Positional arguments allowed: none, or at most this many. */
  maxPositionals?: number;
  run(options: OptionValues<S>, positionals: string[], io: CommandIo): Promise<number>;
}

/** Exit codes shared by all commands; commands may add their own above 2. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Raised for a bad command line; printed with the command's usage, exit code 2. */
export class UsageError extends CodedError<'USAGE'> {
  override readonly name = 'UsageError';
  /** Requires a message that says what is wrong and what to do; the code is always USAGE. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
  }
}

/** The options every command has. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', help: 'show this help', short: 'h' },
  json: { type: 'boolean', help: 'print machine-readable JSON', env: 'CAIRN_JSON' },
} satisfies OptionSpecs;

/** Defines a command, adding --help and --json to its options (its `run` sees them too). */
export function defineCommand<S extends OptionSpecs>(
  command: Omit<Command<S>, 'run'> & {
    run(options: OptionValues<S & typeof COMMON_OPTIONS>, positionals: string[], io: CommandIo): Promise<number>;
  },
): Command<S & typeof COMMON_OPTIONS> {
  return { ...command, options: { ...COMMON_OPTIONS, ...command.options } } as Command<S & typeof COMMON_OPTIONS>;
}

/** The --help text of a command. */
export function formatHelp(command: Command): string {
  const lines = [`Usage: cairn ${command.usage}`, '', command.summary, '', 'Options:'];
  for (const [name, spec] of Object.entries(command.options)) {
    const flag = spec.type === 'string' ? `--${name} ${spec.placeholder ?? 'VALUE'}` : `--${name}`;
    const extras: string[] = [];
    if (spec.env) extras.push(`env ${spec.env}`);
    if (spec.default !== undefined && spec.type === 'string') extras.push(`default ${String(spec.default)}`);
    lines.push(`  ${flag.padEnd(28)} ${spec.help}${extras.length ? ` (${extras.join(', ')})` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Parses argv for a command: flags first, then `CAIRN_*` variables, then defaults.
 * Throws UsageError for unknown flags, missing values or too many positionals.
 */
export function parseCommandLine<S extends OptionSpecs>(
  command: Command<S>,
  argv: string[],
  env: Record<string, string | undefined>,
): { values: OptionValues<S>; positionals: string[] } {
  const parseOptions: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    parseOptions[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: parseOptions, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    let value: unknown = parsed.values[name];
    if (value === undefined && spec.env !== undefined && env[spec.env] !== undefined && env[spec.env] !== '') {
      const raw = env[spec.env]!;
      value = spec.type === 'boolean' ? raw === '1' || raw.toLowerCase() === 'true' : spec.multiple ? raw.split(',') : raw;
    }
    if (value === undefined) value = spec.default ?? (spec.type === 'boolean' ? false : spec.multiple ? [] : undefined);
    values[name] = value;
  }
  const max = command.maxPositionals ?? 0;
  if (parsed.positionals.length > max) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[max])}`);
  }
  return { values: values as OptionValues<S>, positionals: parsed.positionals };
}

/** Requires a string option; throws UsageError naming the flag and its variable. */
export function requireOption(command: Command, values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') {
    const env = command.options[name]?.env;
    throw new UsageError(`--${name} is required${env ? ` (or set ${env})` : ''}`);
  }
  return v;
}
