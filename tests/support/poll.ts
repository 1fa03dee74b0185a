// Waiting for an event the test cannot be told of: a bounded number of checks, a fixed gap apart.

export interface PollOptions {
  /** Checks at most (default 200). */
  tries?: number;
  /** Between two checks, in ms (default 50). */
  gapMs?: number;
}

/**
 * Polls `done` until it is true; throws naming `what` when it never became true. An error thrown
 * by `done` (a process that exited, say) ends the wait at once.
 */
export async function pollUntil(
  what: string,
  done: () => Promise<boolean>,
  { tries = 200, gapMs = 50 }: PollOptions = {},
): Promise<void> {
  for (let attempt = 0; attempt < tries; attempt++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  throw new Error(`Gave up waiting for ${what} after ${tries} tries`);
}
