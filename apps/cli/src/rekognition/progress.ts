/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every ~5 % otherwise.
 * @module
 */
export class Progress {
  private lastPercent = -1;
  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, status: string): void {
    const ratio = this.total === 0 ? 1 : done / this.total;
    const width = 30;
    const filled = Math.round(ratio * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${status}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line.slice(0, (this.out.columns || 100) - 1)}\x1b[K`);
      return;
    }
    const percent = Math.floor(ratio * 20) * 5;
    if (percent !== this.lastPercent || done === this.total) {
      this.lastPercent = percent;
      this.out.write(`${line}\n`);
    }
  }

  finish(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
