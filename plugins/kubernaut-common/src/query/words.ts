/** The words of the query language: severities, phases, environments, decisions, negations, ... */
import type { Outcome, RemediationPhase, Severity } from '../api/types';
import type { ApprovalDecision } from './parseQuery';

/** Words that carry no filter: articles, pronouns, nouns for rows, "everywhere". */
export const STOPWORDS = new Set(
  'a an the all any show me list find give get what which that are is was were be been being in on at of for from to with and or nor by my our it its there their them this these those please only just alerts alert remediation remediations investigations investigation issues issue problems problem incidents incident cluster clusters namespace namespaces ns env environment environments workloads workload service services app apps about having has have where whose who anything something everything stuff things thing going happening happened wrong status whats how why see seeing look looking check tell i we you us up now currently right lately recent recently new latest hey hi can could would should do does did on off over under into out but still also got ones one some request requests severity severities level created opened started raised triggered fired firing outcome outcomes than old yet already ever either both sev prio priority everywhere anywhere wherever across fleet fleetwide fleet-wide every whole entire'.split(
    ' ',
  ),
);

/** Words that carry a negation on to the next value of the same kind: "except dev and qa". */
export const CONJUNCTIONS = new Set(['and', 'or', 'nor']);

/**
 * Priorities read as Kubernaut ranks them (P0 critical, P1 high, P2 normal, P3 low) and as the
 * backend normalises a signal's raw severity, so "p1" finds the alerts that arrived as P1.
 */
export const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical',
  crit: 'critical',
  p0: 'critical',
  sev0: 'critical',
  sev1: 'critical',
  high: 'high',
  p1: 'high',
  sev2: 'high',
  warning: 'warning',
  warn: 'warning',
  p2: 'warning',
  sev3: 'warning',
  info: 'info',
  informational: 'info',
  p3: 'info',
  p4: 'info',
  sev4: 'info',
};

export const PHASE_WORDS: Record<string, RemediationPhase> = {
  pending: 'Pending',
  processing: 'Processing',
  analyzing: 'Analyzing',
  analysing: 'Analyzing',
  investigating: 'Analyzing',
  executing: 'Executing',
  running: 'Executing',
  verifying: 'Verifying',
  blocked: 'Blocked',
  completed: 'Completed',
  complete: 'Completed',
  resolved: 'Completed',
  done: 'Completed',
  fixed: 'Completed',
  closed: 'Completed',
  failed: 'Failed',
  failing: 'Failed',
  failure: 'Failed',
  cancelled: 'Cancelled',
  canceled: 'Cancelled',
  skipped: 'Skipped',
};

export const OUTCOME_WORDS: Record<string, Outcome> = {
  remediated: 'Remediated',
  successful: 'Remediated',
  succeeded: 'Remediated',
  success: 'Remediated',
  inconclusive: 'Inconclusive',
};

export const ENVIRONMENT_WORDS: Record<string, string> = {
  prod: 'production',
  production: 'production',
  prd: 'production',
  staging: 'staging',
  stage: 'staging',
  stg: 'staging',
  preprod: 'staging',
  dev: 'development',
  development: 'development',
  test: 'test',
  testing: 'test',
  qa: 'test',
  uat: 'test',
};

/**
 * The canonical environment for a word or a cluster's configured environment ("prod" → "production").
 *
 * @public
 */
export function canonicalEnvironment(word: string): string {
  const lower = word.toLowerCase();
  return ENVIRONMENT_WORDS[lower] ?? lower;
}

/** Whether a word names an environment ("prod", "staging", "dev", ...). */
export function isEnvironmentWord(word: string): boolean {
  return word.toLowerCase() in ENVIRONMENT_WORDS;
}

export const DECISION_WORDS: Record<string, ApprovalDecision> = {
  rejected: 'Rejected',
  reject: 'Rejected',
  rejection: 'Rejected',
  denied: 'Rejected',
  deny: 'Rejected',
  declined: 'Rejected',
  decline: 'Rejected',
  refused: 'Rejected',
  vetoed: 'Rejected',
  expired: 'Expired',
  lapsed: 'Expired',
  approved: 'Approved',
  accepted: 'Approved',
  okayed: 'Approved',
};

/**
 * Words that read as decision words by typo distance but are not decisions: "certificate
 * expiry" and "expiring tokens" are about what the remediation handles, not an approval.
 */
export const NOT_DECISIONS = new Set([
  'approve',
  'approves',
  'approving',
  'expire',
  'expires',
  'expiring',
  'expiry',
]);

export const KIND_WORDS: Record<string, string> = {
  deployment: 'Deployment',
  deploy: 'Deployment',
  statefulset: 'StatefulSet',
  sts: 'StatefulSet',
  daemonset: 'DaemonSet',
  replicaset: 'ReplicaSet',
  pod: 'Pod',
  job: 'Job',
  cronjob: 'CronJob',
  node: 'Node',
  pvc: 'PersistentVolumeClaim',
  persistentvolumeclaim: 'PersistentVolumeClaim',
  hpa: 'HorizontalPodAutoscaler',
  horizontalpodautoscaler: 'HorizontalPodAutoscaler',
};

export const ACTIVE_WORDS = new Set([
  'active',
  'open',
  'ongoing',
  'current',
  'live',
  'unresolved',
  'inflight',
  'in-flight',
]);

export const APPROVAL_WORDS = new Set([
  'approval',
  'approvals',
  'approvalrequest',
  'approvalrequests',
  'rar',
  'rars',
]);

/** Words (and word pairs) that negate what follows: "except", "not in", "other than", ... */
export const NEGATORS: string[][] = [
  ['but', 'not'],
  ['and', 'not'],
  ['or', 'not'],
  ['other', 'than'],
  ['apart', 'from'],
  ['except', 'for'],
  ['leave', 'out'],
  ['leaving', 'out'],
  ['rule', 'out'],
  ['filter', 'out'],
  ['everything', 'but'],
  ['anything', 'but'],
  ['all', 'but'],
  ['except'],
  ['excluding'],
  ['exclude'],
  ['excludes'],
  ['excl'],
  ['without'],
  ['not'],
  ['no'],
  ['isnt'],
  ['arent'],
  ['wasnt'],
  ['werent'],
  ['dont'],
  ['doesnt'],
  ['didnt'],
  ['ignore'],
  ['ignoring'],
  ['minus'],
  ['outside'],
  ['non'],
  ['skip'],
  ['skipping'],
  ['hide'],
  ['hiding'],
];

export const NEGATOR_WORDS = new Set(NEGATORS.flat());
