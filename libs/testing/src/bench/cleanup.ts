/** Clean-up steps run last-in first-out, each once, each bounded in time, also after a failure. */
export class Cleanup {
  private readonly steps: { what: string; run: () => Promise<void> }[] = [];
  private running?: Promise<void>;

  add(what: string, run: () => Promise<void>): void {
    this.steps.push({ what, run });
  }

  runAll(stepTimeoutMs = 20_000): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            step.run(),
            new Promise((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`timed out after ${stepTimeoutMs} ms`)),
                stepTimeoutMs,
              );
            }),
          ]);
        } catch (error) {
          process.stderr.write(`clean-up: ${step.what} failed: ${(error as Error).message}\n`);
        } finally {
          clearTimeout(timer);
        }
      }
    })();
    return this.running;
  }
}
