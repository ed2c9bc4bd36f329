/**
 * Thrown by a job handler when something the job needs is away (the SMTP server, say) and
 * nothing is wrong with the job itself: the JobRunner puts the job back for `retryInMs`
 * without spending one of its attempts, so an outage of any length loses no job, and logs
 * nothing (whoever noticed the outage says so, once).
 */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryInMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}
