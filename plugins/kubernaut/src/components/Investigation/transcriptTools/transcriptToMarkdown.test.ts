import type { Transcript } from '../../../transcript/transcript';
import {
  codeBlock,
  escapeMarkdown,
  exportFileName,
  transcriptToMarkdown,
} from './transcriptToMarkdown';

const transcript: Transcript = {
  lastSeq: 20,
  tokens: 0,
  remediation: 'rr-checkout-oom',
  phase: 'Completed',
  driver: 'user:default/alice',
  items: [
    {
      kind: 'user',
      key: '1',
      user: 'user:default/alice',
      text: 'Why is checkout <b>crashing</b>?',
    },
    {
      kind: 'phase',
      key: '2',
      phase: 'Analyzing',
      at: '2026-12-02T10:02:03.000Z',
      steps: [],
    },
    {
      kind: 'thinking',
      key: '2a',
      text: 'The pod is <b>OOMKilled</b>.',
      redacted: false,
    },
    { kind: 'thinking', key: '2b', text: '', redacted: true },
    {
      kind: 'tool',
      key: '3',
      tool: 'kubectl_logs',
      args: '{"pod":"checkout-1"}',
      result: 'OOMKilled ```oops```',
      done: true,
    },
    {
      kind: 'rca',
      key: '4',
      rca: {
        summary: 'The pod runs out of **memory**. <script>alert(1)</script>',
        rootCause: 'Memory limit too low',
        confidence: 0.85,
        severity: 'high',
        causalChain: ['Traffic grew', 'Heap grew', 'OOMKilled'],
        contributingFactors: ['No HPA'],
        evidence: ['[logs](javascript:alert(1)) show OOMKilled'],
        affectedComponents: ['checkout'],
        options: [
          {
            workflowId: 'scale-down',
            name: 'scale-down',
            recommended: false,
            parameters: {},
            ruledOutReason: 'Would drop traffic',
          },
          {
            workflowId: 'increase-memory',
            name: 'Increase memory',
            recommended: true,
            risk: 'low',
            confidence: 0.9,
            parameters: { LIMIT: '1Gi' },
            description: 'Raises the limit',
          },
        ],
      },
    },
    {
      kind: 'answer',
      key: '5',
      text: 'Raise the limit to **1Gi**. See [docs](https://k8s.io).',
    },
    {
      kind: 'approval',
      key: '6',
      request: { name: 'rar-1', whyApprovalRequired: 'production' },
    },
    {
      kind: 'steered',
      key: '7',
      outcome: {
        user: 'user:default/alice',
        action: 'select-workflow',
        workflowId: 'increase-memory',
        reason: 'fits',
        status: 'accepted',
      },
    },
    {
      kind: 'decision',
      key: '8',
      decision: 'Approved',
      decidedBy: 'user:default/bob',
      message: 'go',
    },
    {
      kind: 'phase',
      key: '9',
      phase: 'Verifying',
      steps: [
        { step: 'pods ready', status: 'passed', detail: '3/3', score: 1 },
      ],
      effectivenessPhase: 'Effective',
    },
  ],
};

const context = {
  id: 'abc-123',
  cluster: 'prod-a',
  createdBy: 'user:default/alice',
  exportedAt: new Date('2026-12-17T10:00:00.000Z'),
};

describe('transcriptToMarkdown', () => {
  const md = transcriptToMarkdown(transcript, context);

  it('titles the document with remediation and cluster', () => {
    expect(md.split('\n')[0]).toBe(
      '# Investigation of rr\\-checkout\\-oom in prod\\-a',
    );
    expect(md).toContain('started by alice');
    expect(md).toContain('exported 2026-12-17T10:00:00.000Z');
  });

  it('has the RCA, its lists and the workflow options, recommended first', () => {
    expect(md).toContain('## Root cause analysis');
    expect(md).toContain('**Root cause:** Memory limit too low');
    expect(md).toContain('Confidence: 85%');
    expect(md).toContain('1. Traffic grew\n2. Heap grew\n3. OOMKilled');
    expect(md).toContain('### Contributing factors\n\n- No HPA');
    expect(md).toContain('### Evidence');
    const options = md.slice(md.indexOf('## Workflow options'));
    expect(options.indexOf('Increase memory')).toBeLessThan(
      options.indexOf('scale\\-down'),
    );
    expect(options).toContain('**recommended**');
    expect(options).toContain('`LIMIT=1Gi`');
    expect(options).toContain('Ruled out: Would drop traffic');
  });

  it('lists decisions and steering with who', () => {
    const acts = md.slice(md.indexOf('## Decisions and steering'));
    expect(acts).toContain('- Approval requested (rar\\-1): production');
    expect(acts).toContain(
      '- alice ran workflow `increase-memory`: fits — Kubernaut: accepted',
    );
    expect(acts).toContain('- **Approved** by bob: go');
  });

  it('has the timeline: phases, questions with who, answers, tools', () => {
    const timeline = md.slice(md.indexOf('## Timeline'));
    expect(timeline).toContain('- **alice** asked:');
    expect(timeline).toContain(
      '- 2026-12-02 10:02:03 UTC · **Phase: Analyzing**',
    );
    expect(timeline).toContain(
      '- Kubernaut thought:\n\n  > The pod is &lt;b&gt;OOMKilled&lt;/b&gt;.',
    );
    expect(timeline).toContain('- Kubernaut thought (redacted by the model)');
    expect(timeline).toContain('Raise the limit to **1Gi**');
    expect(timeline).toContain('[docs](https://k8s.io)');
    expect(timeline).toContain('- Tool `kubectl_logs`');
    // The fence outlasts the backticks in the tool's output.
    expect(timeline).toContain('````\n  OOMKilled ```oops```\n  ````');
  });

  it('has verification steps and effectiveness', () => {
    const verification = md.slice(md.indexOf('## Verification'));
    expect(verification).toContain('- pods ready — passed: 3/3 (score 1)');
    expect(verification).toContain('Effectiveness: **Effective**');
  });

  it('cannot inject HTML or script links', () => {
    expect(md).not.toMatch(/<script|<b>/);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).not.toContain('](javascript:');
  });

  it('exports an empty transcript as a title only', () => {
    expect(
      transcriptToMarkdown(
        { items: [], lastSeq: 0, tokens: 0 },
        { id: 'x1', exportedAt: context.exportedAt },
      ),
    ).toBe(
      '# Investigation\n\nInvestigation `x1` · exported 2026-12-17T10:00:00.000Z\n',
    );
  });
});

describe('helpers', () => {
  it('keeps quotes', () => {
    expect(escapeMarkdown('> quoted a>b')).toBe('> quoted a&gt;b');
  });

  it('escapes markup in agent text but keeps Markdown', () => {
    expect(escapeMarkdown('**a** <img src=x onerror=y> & b')).toBe(
      '**a** &lt;img src=x onerror=y&gt; &amp; b',
    );
  });

  it('fences code longer than its backticks', () => {
    expect(codeBlock('a ```` b')).toBe('`````\na ```` b\n`````');
  });

  it('names the file after the remediation, else the id', () => {
    expect(exportFileName(transcript, context)).toBe(
      'investigation-rr-checkout-oom.md',
    );
    expect(
      exportFileName({ items: [], lastSeq: 0, tokens: 0 }, { id: 'a/b' }),
    ).toBe('investigation-a_b.md');
  });
});
