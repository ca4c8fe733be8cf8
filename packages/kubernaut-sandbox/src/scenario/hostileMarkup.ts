import type { Scenario } from './scenarioTypes';

/**
 * Markup an attacker could get into Kubernaut's text (alert annotations, a log line the agent
 * quotes, a reviewer's reason). The `hostile-markup` scenario carries each of them so that a
 * console can be shown to display them as text and never run them.
 */
export const HOSTILE_MARKUP = {
  img: '<img src=x onerror=window.__pwned=1>',
  script: '<script>window.__pwned=1</script>',
  svg: '<svg onload=window.__pwned=1>',
  iframe: '<iframe src="javascript:window.__pwned=1"></iframe>',
  style: '<style>body{visibility:hidden}/*__pwned*/</style>',
  link: '[open the runbook](javascript:window.__pwned=1)',
} as const;

const H = HOSTILE_MARKUP;

/**
 * Played only when asked for (no environment lists it, so no cluster picks it for its history or
 * live flow): every text field of its custom resources and transcript carries hostile markup.
 */
export const HOSTILE_MARKUP_SCENARIO: Scenario = {
  id: 'hostile-markup',
  title: 'markup-probe alert whose texts carry hostile markup',
  signal: {
    name: `HostileMarkup${H.img}`,
    severity: 'critical',
    mode: 'reactive',
    summary: `markup-probe is crash looping ${H.script}`,
    description: `Pod demo-markup/markup-probe-5c7d8 restarted 9 times ${H.svg}`,
  },
  target: {
    kind: 'Deployment',
    name: 'markup-probe',
    namespace: 'demo-markup',
  },
  environments: [],
  intake: {
    keywords: ['markup-probe'],
    opening: `Why is markup-probe crashing? ${H.iframe}`,
  },
  investigation: [
    { reasoning: `markup-probe restarts every minute. ${H.script}` },
    {
      tool: 'kubectl_logs',
      args: `pod=markup-probe-5c7d8 ${H.svg}`,
      result: `panic: template rendered ${H.img}`,
    },
    { reasoning: `The log quotes markup: ${H.link} ${H.style}` },
  ],
  rca: {
    summary: `markup-probe renders an unescaped template and panics ${H.img} ${H.link} ${H.style}`,
    rootCause: `template v7 of markup-probe ${H.iframe}`,
    contributingFactors: [`template not escaped ${H.svg}`],
    evidence: [`log line ${H.script}`],
    causalChain: [
      'template v7 rolled out',
      `panic ${H.img}`,
      'CrashLoopBackOff',
    ],
  },
  options: [
    {
      workflow: 'restart-and-patch-memory-v1',
      confidence: 0.9,
      risk: 'low',
      description: `Restart markup-probe ${H.svg} ${H.link}`,
      parameters: {
        TARGET_NAMESPACE: 'demo-markup',
        TARGET_DEPLOYMENT: 'markup-probe',
        MEMORY_LIMIT: '768Mi',
      },
    },
  ],
  outcome: 'remediated',
  scripted: {
    decision: 'Approved',
    after: 5,
    by: 'carol',
    reason: `Approved ${H.script} ${H.link}`,
  },
  execution: [`Restarting markup-probe ${H.img}`],
  verification: [`No restarts in 5 minutes ${H.svg}`],
  followUps: [
    {
      keywords: ['why', 'cause'],
      answer: `The template ${H.iframe} ${H.link}`,
    },
  ],
};
