/** How a remediation ends; each value is one path through Kubernaut's lifecycle. */
export type ScenarioOutcome =
  | 'remediated'
  | 'inconclusive'
  | 'rejected'
  | 'expired'
  | 'execution-failed'
  | 'blocked-then-remediated'
  | 'manual-review'
  | 'dry-run';

export interface TargetRef {
  kind: string;
  name: string;
  namespace: string;
}

/** One step of the agent's investigation: narration streamed token by token, or a tool call. */
export type InvestigationStep =
  | { reasoning: string }
  | { tool: string; args: string; result: string };

export interface WorkflowOption {
  workflow: string;
  confidence: number;
  risk: 'low' | 'medium' | 'high';
  description: string;
  parameters: Record<string, string>;
  ruledOutReason?: string;
}

export interface ScriptedDecision {
  decision: 'Approved' | 'Rejected';
  /** Seconds after the approval request appears, when no human decided first. */
  after: number;
  by: string;
  reason: string;
  override?: {
    workflowName: string;
    rationale: string;
    parameters?: Record<string, string>;
  };
}

export interface Scenario {
  id: string;
  title: string;
  signal: {
    name: string;
    severity: 'critical' | 'high' | 'warning' | 'info';
    mode: 'reactive' | 'proactive';
    summary: string;
    description: string;
  };
  target: TargetRef;
  /** The resource the agent decides to act on, when it differs from the alert's. */
  rcaTarget?: TargetRef;
  environments: Array<'production' | 'staging' | 'development'>;
  /** How an operator would describe the symptom in chat (natural-language intake). */
  intake: { keywords: string[]; opening: string };
  investigation: InvestigationStep[];
  rca: {
    summary: string;
    rootCause: string;
    contributingFactors: string[];
    evidence: string[];
    causalChain: string[];
  };
  options: WorkflowOption[];
  outcome: ScenarioOutcome;
  scripted?: ScriptedDecision;
  humanReviewReason?: string;
  execution: string[];
  verification: string[];
  failure?: { reason: string; message: string; summary: string; task: string };
  followUps: Array<{ keywords: string[]; answer: string }>;
  /** Minutes the approval request stays open (Kubernaut's default is 15). */
  approvalMinutes?: number;
  /** The EA's alert component stays firing (Inconclusive) or clears. */
  alertResolves?: boolean;
}
