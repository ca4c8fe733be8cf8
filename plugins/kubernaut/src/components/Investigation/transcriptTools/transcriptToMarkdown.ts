import { personName } from '@kubernaut/plugin-kubernaut-common';
import type {
  RootCauseAnalysis,
  Transcript,
  TranscriptItem,
} from '../../../transcript/transcript';
import { phaseLabel } from '../../shared/chips';

/** What the export says about the investigation beyond its transcript. */
export interface TranscriptExportContext {
  id: string;
  cluster?: string;
  remediation?: string;
  createdBy?: string;
  createdAt?: string;
  /** When the export was made; now by default. */
  exportedAt?: Date;
}

/** A short value (a name, a user) as literal text: no Markdown, no HTML. */
export function escapeInline(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}

/**
 * The agent's Markdown, kept as Markdown but unable to inject HTML: markup shows as text, and
 * only http(s), mailto and in-page links keep their destination.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      // A `>` opening a line quotes it; anywhere else it is text.
      .replace(/(?<!^[ \t>]*)>/gm, '&gt;')
      .replace(/\]\(\s*(?!https?:|mailto:|#)/gi, ']\\(')
  );
}

/** Text as a fenced code block, the fence longer than any backtick run inside. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(
    2,
    ...(text.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Quoted, line by line, so a multi-line message stays one quote. */
const quote = (text: string) =>
  escapeMarkdown(text)
    .split('\n')
    .map(line => `> ${line}`)
    .join('\n');

/** "2026-12-02 10:02:03 UTC · ", or nothing for a missing or unreadable time. */
function clock(at: string | undefined): string {
  const time = at ? Date.parse(at) : NaN;
  if (Number.isNaN(time)) return '';
  return `${new Date(time)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ')} UTC · `;
}

const percent = (value?: number) =>
  value === undefined ? undefined : `${Math.round(value * 100)}%`;

const list = (items: string[], ordered = false) =>
  items
    .map((item, i) => `${ordered ? `${i + 1}.` : '-'} ${escapeMarkdown(item)}`)
    .join('\n');

const MAX_TOOL_TEXT = 2000;
const clip = (text: string) =>
  text.length > MAX_TOOL_TEXT ? `${text.slice(0, MAX_TOOL_TEXT)}\n…` : text;

function rcaSection(rca: RootCauseAnalysis): string[] {
  const out = [
    `## ${rca.provisional ? 'Early assessment' : 'Root cause analysis'}`,
    '',
  ];
  const facts = [
    rca.severity && `Severity: ${escapeInline(rca.severity)}`,
    percent(rca.confidence) && `Confidence: ${percent(rca.confidence)}`,
    rca.target && `Target: ${escapeInline(rca.target)}`,
  ].filter(Boolean);
  if (facts.length) out.push(facts.join(' · '), '');
  if (rca.rootCause)
    out.push(`**Root cause:** ${escapeMarkdown(rca.rootCause)}`, '');
  if (rca.summary) out.push(escapeMarkdown(rca.summary), '');
  if (rca.explanation) out.push(escapeMarkdown(rca.explanation), '');
  const lists: Array<[string, string[], boolean]> = [
    ['Causal chain', rca.causalChain, true],
    ['Contributing factors', rca.contributingFactors, false],
    ['Evidence', rca.evidence, false],
    ['Affected components', rca.affectedComponents, false],
  ];
  for (const [title, items, ordered] of lists)
    if (items.length) out.push(`### ${title}`, '', list(items, ordered), '');
  if (rca.options.length) {
    out.push('## Workflow options', '');
    const ordered = [...rca.options].sort(
      (a, b) => Number(b.recommended) - Number(a.recommended),
    );
    for (const option of ordered) {
      const tags = [
        option.recommended && '**recommended**',
        option.ruledOutReason && 'ruled out',
        option.risk && `risk ${escapeInline(option.risk)}`,
        percent(option.confidence) &&
          `confidence ${percent(option.confidence)}`,
      ].filter(Boolean);
      out.push(
        `- **${escapeInline(option.name)}**${
          option.workflowId && option.workflowId !== option.name
            ? ` (\`${option.workflowId.replace(/`/g, '')}\`)`
            : ''
        }${tags.length ? ` — ${tags.join(', ')}` : ''}`,
      );
      if (option.description)
        out.push(`  ${escapeMarkdown(option.description).replace(/\n/g, ' ')}`);
      if (option.ruledOutReason)
        out.push(`  Ruled out: ${escapeInline(option.ruledOutReason)}`);
      const parameters = Object.entries(option.parameters);
      if (parameters.length)
        out.push(
          `  Parameters: ${parameters
            .map(([k, v]) => `\`${`${k}=${v}`.replace(/`/g, '')}\``)
            .join(', ')}`,
        );
    }
    out.push('');
  }
  return out;
}

/** The RCA card and its workflow options as Markdown, for copying. */
export function rcaToMarkdown(rca: RootCauseAnalysis): string {
  return `${rcaSection(rca)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** A decision or a steering act, one line, with who. */
function actLine(item: TranscriptItem): string | undefined {
  switch (item.kind) {
    case 'approval':
      return `- Approval requested (${escapeInline(item.request.name)})${
        item.request.whyApprovalRequired
          ? `: ${escapeInline(item.request.whyApprovalRequired)}`
          : ''
      }${
        item.request.requiredBy
          ? `, required by ${escapeInline(item.request.requiredBy)}`
          : ''
      }`;
    case 'decision':
      return `- **${escapeInline(item.decision)}**${
        item.decidedBy ? ` by ${escapeInline(personName(item.decidedBy))}` : ''
      }${item.message ? `: ${escapeInline(item.message)}` : ''}`;
    case 'taken-over':
      return `- ${escapeInline(
        personName(item.user),
      )} took the remediation over`;
    case 'steered': {
      const o = item.outcome;
      const what =
        o.action === 'select-workflow'
          ? `ran workflow \`${(o.workflowId ?? '').replace(/`/g, '')}\``
          : o.action === 'dismiss'
          ? 'dismissed the remediation'
          : 'escalated the remediation';
      return `- ${escapeInline(personName(o.user))} ${what}${
        o.reason ? `: ${escapeInline(o.reason)}` : ''
      }${
        o.status || o.message
          ? ` — Kubernaut: ${escapeInline(
              [o.status, o.message].filter(Boolean).join(', '),
            )}`
          : ''
      }`;
    }
    default:
      return undefined;
  }
}

function timelineEntry(item: TranscriptItem): string[] {
  switch (item.kind) {
    case 'phase':
      return [
        `- ${clock(item.at)}**Phase: ${escapeInline(phaseLabel(item.phase))}**${
          item.detail ? ` · ${escapeInline(item.detail)}` : ''
        }`,
      ];
    case 'thinking':
      return item.redacted
        ? ['- Kubernaut thought (redacted by the model)']
        : [
            '- Kubernaut thought:',
            '',
            quote(item.text).replace(/^/gm, '  '),
            '',
          ];
    case 'user':
      return [
        `- **${escapeInline(personName(item.user))}** asked:`,
        '',
        quote(item.text).replace(/^/gm, '  '),
        '',
      ];
    case 'agent':
    case 'answer':
      return [
        `- **Kubernaut**${item.kind === 'answer' ? ' answered' : ''}:`,
        '',
        escapeMarkdown(item.text).replace(/^/gm, '  '),
        '',
      ];
    case 'tool':
      return [
        `- Tool \`${item.tool.replace(/`/g, '')}\`${
          item.done ? '' : ' (no result)'
        }`,
        ...(item.args
          ? ['', codeBlock(clip(item.args)).replace(/^/gm, '  ')]
          : []),
        ...(item.result
          ? ['', codeBlock(clip(item.result)).replace(/^/gm, '  '), '']
          : []),
      ];
    case 'history':
      return item.unavailable
        ? ['- Earlier audit trail: unavailable']
        : item.events.map(
            e =>
              `- ${e.at ? `${escapeInline(e.at)} · ` : ''}${escapeInline(
                e.type,
              )}${
                e.outcome && e.outcome !== 'success'
                  ? ` (${escapeInline(e.outcome)})`
                  : ''
              }${e.actor ? ` · ${escapeInline(personName(e.actor))}` : ''}`,
          );
    case 'joined':
      return [`- ${escapeInline(personName(item.user))} joined`];
    case 'watching':
      return [`- ${escapeInline(personName(item.user))} started watching`];
    case 'notice':
      return [`- ${item.severity}: ${escapeInline(item.text)}`];
    case 'progress':
      return [`- ${escapeInline(item.text)}`];
    default: {
      const act = actLine(item);
      return act ? [act] : [];
    }
  }
}

/**
 * The investigation as a Markdown document for a ticket or a postmortem: the RCA and its
 * workflow options, decisions and steering with who, the timeline, verification. Text from the
 * agent and people keeps its Markdown but cannot inject HTML.
 */
export function transcriptToMarkdown(
  transcript: Transcript,
  context: TranscriptExportContext,
): string {
  const remediation = context.remediation ?? transcript.remediation;
  const items = transcript.items;
  const out: string[] = [
    `# Investigation${remediation ? ` of ${escapeInline(remediation)}` : ''}${
      context.cluster ? ` in ${escapeInline(context.cluster)}` : ''
    }`,
    '',
  ];
  const facts = [
    `Investigation \`${context.id.replace(/`/g, '')}\``,
    context.createdBy &&
      `started by ${escapeInline(personName(context.createdBy))}`,
    context.createdAt && `at ${escapeInline(context.createdAt)}`,
    transcript.phase && `phase ${escapeInline(phaseLabel(transcript.phase))}`,
    transcript.driver &&
      `driven by ${escapeInline(personName(transcript.driver))}`,
    `exported ${(context.exportedAt ?? new Date()).toISOString()}`,
  ].filter(Boolean);
  out.push(facts.join(' · '), '');

  const rcas = items.filter(
    (i): i is Extract<TranscriptItem, { kind: 'rca' }> => i.kind === 'rca',
  );
  const rca = [...rcas].reverse().find(i => !i.rca.provisional) ?? rcas.at(-1);
  if (rca) out.push(...rcaSection(rca.rca));

  const acts = items.map(actLine).filter((l): l is string => !!l);
  if (acts.length) out.push('## Decisions and steering', '', ...acts, '');

  const timeline = items.flatMap(timelineEntry);
  if (timeline.length) out.push('## Timeline', '', ...timeline, '');

  const verifying = items.filter(
    (i): i is Extract<TranscriptItem, { kind: 'phase' }> =>
      i.kind === 'phase' &&
      (i.steps.length > 0 || i.effectivenessPhase !== undefined),
  );
  if (verifying.length) {
    out.push('## Verification', '');
    for (const phase of verifying) {
      for (const step of phase.steps)
        out.push(
          `- ${escapeInline(step.step)}${
            step.status ? ` — ${escapeInline(step.status)}` : ''
          }${step.detail ? `: ${escapeInline(step.detail)}` : ''}${
            step.score !== undefined ? ` (score ${step.score})` : ''
          }`,
        );
      if (phase.effectivenessPhase)
        out.push(
          '',
          `Effectiveness: **${escapeInline(phase.effectivenessPhase)}**`,
        );
    }
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** The file name of an export: `investigation-<remediation or id>.md`, safe on every system. */
export function exportFileName(
  transcript: Transcript,
  context: TranscriptExportContext,
): string {
  const name = context.remediation ?? transcript.remediation ?? context.id;
  return `investigation-${name.replace(/[^A-Za-z0-9._-]/g, '_')}.md`;
}
