/** One line for any error a command can raise, with the Rekognition exception name when there is one. */
export function formatCliError(err: unknown): string {
  if (err instanceof Error) {
    const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
    return `${name}${err.message}`.split('\n')[0] ?? String(err);
  }
  return String(err);
}
