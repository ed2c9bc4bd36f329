/** Progress lines a benchmark prints while it runs, with the time of day. */
export function progress(line: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** Prints a progress line every second until the promise settles. */
export async function withProgress<T>(promise: Promise<T>, line: () => string): Promise<T> {
  const timer = setInterval(() => progress(line()), 1_000);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}
