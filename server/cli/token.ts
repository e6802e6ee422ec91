/**
 * `cairn token add|list|revoke` (SPEC §7): manages the log's credentials, also while the server
 * runs (through its admin socket, see server/admin/). `add` prints the new token once; only its
 * hash is stored. `list` never shows a secret. `revoke` takes effect at once.
 *
 * `--store URL` (or CAIRN_STORE) names a shared store instead of a data folder (issue 11: a
 * `postgres://` database); the command then writes to the database directly, servers running
 * or not, and the running servers reload their credentials (server/auth/credential-refresh.ts).
 */
import { resolve } from 'node:path';
import { openCredentialAdmin, type CredentialAdmin } from '../admin/index.js';
import type { CredentialInfo } from '../auth/credentials.js';
import { COMMON_OPTIONS, EXIT_OK, UsageError, defineCommand } from './command.js';

/** The --data option of every token command (same variable and default as `cairn serve`). */
const DATA_OPTION = { type: 'string', help: 'the data folder of the log', env: 'CAIRN_DATA', default: './data', placeholder: 'DIR' } as const;
/** --store: a database URL (postgres://...) that replaces --data. */
const STORE_OPTION = {
  type: 'string',
  help: 'the store of the log as a URL (postgres://USER@HOST/DB[?log=NAME]); replaces --data',
  env: 'CAIRN_STORE',
  placeholder: 'URL',
} as const;
const NAME_OPTION = {
  type: 'string',
  help: 'the credential name (written into each leaf as the submitter)',
  env: 'CAIRN_TOKEN_NAME',
  placeholder: 'N',
} as const;

function required(value: string | undefined, flag: string, env: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${flag} is required (or set ${env})`);
  return value;
}

/** Where the log is: --store when given, else the --data folder. */
function location(options: { store?: string | undefined; data?: string | undefined }): string {
  return options.store !== undefined && options.store !== '' ? options.store : resolve(options.data ?? DATA_OPTION.default);
}

async function withAdmin<T>(where: string, work: (admin: CredentialAdmin) => Promise<T>): Promise<T> {
  const admin = await openCredentialAdmin(where);
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

/** `cairn token add (--data DIR | --store URL) --name N --role writer|reader|admin [--json]`. */
export const tokenAddCommand = defineCommand({
  name: 'token add',
  summary: 'create a token (writer, reader or admin) and print it once',
  usage: 'token add (--data DIR | --store URL) --name N --role writer|reader|admin [--json]',
  options: {
    data: DATA_OPTION,
    store: STORE_OPTION,
    name: NAME_OPTION,
    role: {
      type: 'string',
      help: 'writer (appends), reader (reads payloads) or admin (retention, holds, erasure)',
      env: 'CAIRN_TOKEN_ROLE',
      placeholder: 'ROLE',
    },
    json: COMMON_OPTIONS.json,
  },
  async run(options, _positionals, io) {
    const name = required(options.name, 'name', 'CAIRN_TOKEN_NAME');
    const role = required(options.role, 'role', 'CAIRN_TOKEN_ROLE');
    if (role !== 'writer' && role !== 'reader' && role !== 'admin') throw new UsageError(`--role must be writer, reader or admin, not ${JSON.stringify(role)}`);
    const added = await withAdmin(location(options), (admin) => admin.add(name, role));
    if (options.json) {
      io.stdout(JSON.stringify({ name: added.name, role: added.role, token: added.token }) + '\n');
    } else {
      io.stdout(`Created a ${added.role} token for ${JSON.stringify(added.name)}. It is shown only this once; keep it secret:\n${added.token}\n`);
    }
    return EXIT_OK;
  },
});

function formatTable(credentials: readonly CredentialInfo[]): string {
  if (credentials.length === 0) return 'No credentials.\n';
  const rows = [['NAME', 'ROLE', 'ID', 'CREATED', 'STATUS']];
  for (const c of credentials) rows.push([c.name, c.role, c.id, c.createdAt, c.revokedAt ? `revoked ${c.revokedAt}` : 'active']);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** `cairn token list (--data DIR | --store URL) [--json]`: names, roles, ids and dates; never secrets. */
export const tokenListCommand = defineCommand({
  name: 'token list',
  summary: 'list the credentials (never their secrets)',
  usage: 'token list (--data DIR | --store URL) [--json]',
  options: { data: DATA_OPTION, store: STORE_OPTION, json: COMMON_OPTIONS.json },
  async run(options, _positionals, io) {
    const credentials = await withAdmin(location(options), (admin) => admin.list());
    io.stdout(options.json ? JSON.stringify({ credentials }) + '\n' : formatTable(credentials));
    return EXIT_OK;
  },
});

/** `cairn token revoke (--data DIR | --store URL) --name N [--json]`: revokes every token of N, at once. */
export const tokenRevokeCommand = defineCommand({
  name: 'token revoke',
  summary: 'revoke every token of a name, effective at once',
  usage: 'token revoke (--data DIR | --store URL) --name N [--json]',
  options: { data: DATA_OPTION, store: STORE_OPTION, name: NAME_OPTION, json: COMMON_OPTIONS.json },
  async run(options, _positionals, io) {
    const name = required(options.name, 'name', 'CAIRN_TOKEN_NAME');
    const result = await withAdmin(location(options), (admin) => admin.revoke(name));
    if (options.json) {
      io.stdout(JSON.stringify(result) + '\n');
    } else if (result.revoked === 0) {
      io.stdout(`Every token of ${JSON.stringify(name)} was revoked already.\n`);
    } else {
      io.stdout(
        `Revoked ${result.revoked} token${result.revoked === 1 ? '' : 's'} of ${JSON.stringify(name)}; requests with ${result.revoked === 1 ? 'it' : 'them'} now get 401.\n`,
      );
    }
    return EXIT_OK;
  },
});
