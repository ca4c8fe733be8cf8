/** "Waiting on me": the approvals the asking user may decide, in the ways operators ask it. */

/** "waiting on me", "what can I approve", "my pending approvals", "needs my decision", ... */
const WAITING = new Set([
  'waiting',
  'awaiting',
  'pending',
  'needs',
  'need',
  'needing',
  'requires',
  'require',
  'requiring',
  'wants',
  'want',
  'wait',
  'waits',
]);
const DECISION_NOUNS = new Set([
  'approval',
  'approvals',
  'decision',
  'decisions',
  'signoff',
  'sign-off',
  'ok',
  'okay',
  'review',
  'input',
  'call',
]);
const DECIDE_VERBS = new Set(['approve', 'decide', 'review', 'sign', 'reject']);
/** "I", and "I'm", "I've", "I'd" once the apostrophe is gone. */
const I = new Set(['i', 'im', 'ive', 'id']);
/** What is mine to decide: "my approvals", "my queue", "on my plate". */
const MY_QUEUE = new Set([
  'approval',
  'approvals',
  'decision',
  'decisions',
  'queue',
  'inbox',
  'plate',
  'desk',
]);
/** Words between "I" and the verb in "am I supposed to approve", "can I decide". */
const HELPERS = new Set([
  'can',
  'may',
  'could',
  'should',
  'must',
  'might',
  'am',
  'do',
  'supposed',
  'meant',
  'expected',
  'asked',
  'allowed',
  'able',
  'need',
  'have',
  'got',
  'get',
  'to',
  'required',
]);

export function matchWaitingOnMe(tokens: string[], i: number): number {
  const t = tokens[i];
  const at = (k: number) => tokens[i + k];
  if (WAITING.has(t)) {
    let k = 1;
    if (at(k) === 'on' || at(k) === 'for') k += 1;
    if (at(k) === 'me') return k + 1;
    if (at(k) === 'my' && DECISION_NOUNS.has(at(k + 1))) return k + 2;
    return 0;
  }
  if (t === 'my') {
    let k = 1;
    if (['pending', 'open', 'outstanding'].includes(at(k))) k += 1;
    if (MY_QUEUE.has(at(k))) return k + 1;
    return 0;
  }
  // "approvals for me", "decisions waiting for me"
  if (
    ['approval', 'approvals', 'decision', 'decisions'].includes(t) &&
    at(1) === 'for' &&
    at(2) === 'me'
  )
    return 3;
  if (
    t === 'for' &&
    at(1) === 'me' &&
    at(2) === 'to' &&
    DECIDE_VERBS.has(at(3))
  )
    return 4;
  // "can I approve", "things I may decide on", "am I supposed to approve", "do I have to sign"
  if (I.has(t) || HELPERS.has(t)) {
    let k = 0;
    let sawI = false;
    while (k < 6 && (I.has(at(k)) || HELPERS.has(at(k)))) {
      if (I.has(at(k))) sawI = true;
      k += 1;
    }
    if (sawI && DECIDE_VERBS.has(at(k)))
      return at(k + 1) === 'on' ? k + 2 : k + 1;
  }
  if ((t === 'assigned' || t === 'up') && at(1) === 'to' && at(2) === 'me')
    return 3;
  return 0;
}
