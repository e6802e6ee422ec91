/**
 * `--on-alert CMD`: runs an operator's command through the shell (`/bin/sh -c CMD`) with the
 * alert as one JSON line on its stdin and `CAIRN_ALERT=<kind>` in its environment, e.g. to page
 * someone or to post to a chat. Its output is passed on to the caller (the monitor's stderr).
 */
import { spawn } from 'node:child_process';

/** How the alert command ended. */
export interface AlertCommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when it was killed for running longer than the timeout. */
  timedOut: boolean;
}

/**
 * Runs `command` with `alert` (serialised as JSON plus a newline) on stdin and waits for it to
 * exit, at most `timeoutMs` (default 60 s; then SIGTERM, and SIGKILL 5 s later). Its stdout and
 * stderr go to `output`. Rejects only when the shell cannot be started.
 */
export function runAlertCommand(
  command: string,
  alert: Record<string, unknown>,
  output: (text: string) => void,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<AlertCommandResult> {
  return new Promise((resolve, reject) => {
    const kind = typeof alert['alert'] === 'string' ? alert['alert'] : 'unknown';
    const child = spawn(command, {
      shell: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...(options.env ?? process.env), CAIRN_ALERT: kind },
    });
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    }, options.timeoutMs ?? 60_000);
    child.stdout.setEncoding('utf8').on('data', output);
    child.stderr.setEncoding('utf8').on('data', output);
    // A command that does not read its stdin closes the pipe early: not an error of ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(alert) + '\n');
    child.once('error', (err) => {
      clearTimeout(timer);
      clearTimeout(killer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killer);
      resolve({ code, signal, timedOut });
    });
  });
}
