/**
 * The backend's event stream for an investigation whose stored history holds `tokens` agent
 * tokens: agent text in three-token pieces, a paragraph every 90 tokens and a tool call with its
 * result every 300, as a long chat with the agent records them.
 */
export function transcriptStream(id: string, tokens: number): string {
  const frames: string[] = [];
  let seq = 0;
  const send = (event: string, data: unknown, numbered = true) =>
    frames.push(
      `${
        numbered ? `id: ${++seq}\n` : ''
      }event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
    );
  const now = new Date().toISOString();
  send(
    'investigation',
    {
      id,
      cluster: 'prod-us-east',
      status: 'completed',
      createdBy: 'user:default/bench',
      createdAt: now,
      updatedAt: now,
    },
    false,
  );
  const event = (type: string, body: unknown) =>
    send(type, { seq: seq + 1, createdAt: now, payload: body });
  event('user-message', {
    user: 'user:default/bench',
    text: 'Why is checkout-service crashing?',
  });
  const words =
    'the pod checkout-service was OOMKilled after the config reload at 03:14 which enabled an unbounded cache'.split(
      ' ',
    );
  for (let token = 0; token < tokens; token += 3) {
    if (token % 300 === 0 && token > 0) {
      event('tool-call', { tool: 'kubectl_get', args: '{"kind":"Pod"}' });
      event('tool-result', {
        tool: 'kubectl_get',
        result: '3 pods, 14 restarts',
      });
    }
    const chunk = [0, 1, 2]
      .map(i => words[(token + i) % words.length])
      .join(' ');
    event('agent-text', {
      text: `${chunk}${token % 90 === 87 ? '.\n\n' : ' '}`,
    });
  }
  send('end', { status: 'completed' }, false);
  return frames.join('');
}
