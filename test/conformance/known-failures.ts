/**
 * Examples that do not pass, each with the reason; README.md lists the same. `skip` means the example is
 * not run at all (the reason says why running it would not tell anything in a test run).
 */
export const knownFailures: Record<string, { reason: string; skip?: string }> = {
  'forever.yaml': {
    reason: 'runs for about 1000 s by design (upstream labels it no-test: duration)',
    skip: 'runs for about 1000 s by design',
  },
};
