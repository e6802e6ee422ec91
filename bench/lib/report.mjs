/**
 * How the suite prints: each section opens with its method (how the figures were measured), then
 * one line per figure. Everything printed also goes into the markdown report
 * (bench/out/latest.md), and the figures themselves into bench/out/latest.json.
 */

/** Collects what was printed, for the markdown copy. */
export class Reporter {
  constructor() {
    /** @type {string[]} */
    this.markdown = [];
  }

  /**
   * A section: its title and the method, wrapped at 100 columns.
   * @param {string} title
   * @param {string} method
   */
  section(title, method) {
    process.stdout.write(`\n== ${title}\n${wrap(`method: ${method}`, 100, '   ')}\n`);
    this.markdown.push(`\n### ${title}\n\nMethod: ${method}\n`);
  }

  /**
   * A table: prints aligned columns and records a markdown table.
   * @param {string[]} header
   * @param {(string | number)[][]} rows
   */
  table(header, rows) {
    const cells = [header, ...rows.map((r) => r.map(String))];
    const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
    for (const r of cells) process.stdout.write(`   ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}\n`);
    this.markdown.push(
      `| ${header.join(' | ')} |`,
      `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
    );
  }

  /** A remark under a section. */
  note(text) {
    process.stdout.write(`${wrap(`note: ${text}`, 100, '   ')}\n`);
    this.markdown.push(`${text}\n`);
  }
}

function wrap(text, width, indent) {
  const words = text.split(/\s+/);
  const lines = [];
  let line = indent;
  for (const w of words) {
    if (line.length + w.length + 1 > width && line.trim() !== '') {
      lines.push(line);
      line = `${indent}  `;
    }
    line += (line.trim() === '' ? '' : ' ') + w;
  }
  if (line.trim() !== '') lines.push(line);
  return lines.join('\n');
}
