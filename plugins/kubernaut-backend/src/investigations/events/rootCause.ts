import type {
  RootCauseAnalysis,
  WorkflowOption,
} from '@kubernaut/plugin-kubernaut-common';
import {
  type Json,
  looseJson,
  num,
  parseJson,
  record,
  stringMap,
  strings,
  text,
} from './json';

function readOption(raw: unknown): WorkflowOption {
  const option = record(raw);
  return {
    workflowId: text(option.workflow_id) ?? text(option.name) ?? '',
    name: text(option.name) ?? text(option.workflow_id) ?? 'workflow',
    description: text(option.description),
    risk: text(option.risk),
    confidence: num(option.confidence),
    recommended: option.recommended === true,
    parameters: stringMap(option.parameters),
    ruledOutReason: text(option.ruled_out_reason),
  };
}

/**
 * The decision card's data (upstream `launcher/part_converter.go` emitDecisionEvent, schema
 * `investigation_summary`): summary, `rca` and workflow `options`.
 */
export function readDecisionCard(data: Json): RootCauseAnalysis {
  const rca = record(data.rca);
  return {
    summary: text(data.summary) ?? text(rca.explanation) ?? '',
    rootCause: text(rca.root_cause),
    explanation: text(rca.explanation),
    severity: text(rca.severity) ?? text(data.severity),
    confidence: num(rca.confidence) ?? num(data.confidence),
    target: text(rca.target),
    causalChain: strings(rca.causal_chain),
    contributingFactors: strings(rca.contributing_factors),
    evidence: strings(rca.evidence),
    affectedComponents: strings(rca.affected_components),
    toolCalls: num(rca.tool_calls_count),
    options: (Array.isArray(data.options) ? data.options : []).map(readOption),
  };
}

/** A decision card that arrived as text only: `Decision: <summary>` (or JSON, older builds). */
export function decisionFromText(value: string): Json {
  const parsed = parseJson(value.trim().startsWith('{') ? value : undefined);
  if (Object.keys(parsed).length) return parsed;
  return { summary: value.replace(/^\s*Decision:\s*/, '').trim() };
}

/**
 * early_rca's text is JSON built by string formatting, unescaped: a summary with a quote in it
 * does not parse. Then the fields are read in the order upstream writes them.
 */
function earlyRcaFields(value: string): Json {
  const parsed = looseJson(value);
  if (Object.keys(parsed).length) return parsed;
  const field = (name: string) =>
    new RegExp(`"${name}":"([^"]*)"`).exec(value)?.[1];
  const confidence = /"confidence":([\d.]+)/.exec(value)?.[1];
  return {
    severity: field('severity'),
    target: field('target'),
    confidence: confidence === undefined ? undefined : Number(confidence),
    rca_summary: /"rca_summary":"([\s\S]*)"\s*\}\s*$/.exec(value)?.[1],
  };
}

/** The provisional assessment of an `early_rca` status update. */
export function readEarlyAssessment(message: string): RootCauseAnalysis {
  const body = earlyRcaFields(message);
  return {
    ...readDecisionCard({
      summary: text(body.rca_summary) ?? '',
      rca: {
        severity: body.severity,
        confidence: body.confidence,
        target: body.target,
      },
    }),
    provisional: true,
  };
}

/** The analysis a remediation carries (its AIAnalysis view), as the agent's card would show it. */
export function analysisFromRemediation(
  analysis: Json,
): RootCauseAnalysis | undefined {
  const summary = text(analysis.summary) ?? text(analysis.rootCause);
  if (!summary) return undefined;
  const selected = record(analysis.selectedWorkflow);
  return readDecisionCard({
    summary,
    rca: {
      root_cause: analysis.rootCause,
      contributing_factors: analysis.contributingFactors,
      confidence: selected.confidence,
    },
    options: text(selected.name)
      ? [
          {
            workflow_id: selected.workflowId,
            name: selected.name,
            confidence: selected.confidence,
            description: selected.rationale,
            recommended: true,
            parameters: selected.parameters,
          },
        ]
      : [],
  });
}
