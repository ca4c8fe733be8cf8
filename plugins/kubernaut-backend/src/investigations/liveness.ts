/** Investigation statuses that end it: nothing relays into it any more. */
export const TERMINAL_STATES = [
  'completed',
  'failed',
  'canceled',
  'interrupted',
];

/** A relay touches its investigation this often; a silent one is treated as interrupted. */
export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 45_000;
