/**
 * The people of the dev stack. They sign in to Backstage through the sandbox's OpenID Connect
 * provider, exist in the catalog (`examples/org.yaml`) under the same names, and each simulated
 * cluster's RBAC knows them (`kube/auth.ts`), both by their own name (their token, at API
 * Frontend) and as the Backstage backend impersonates them (`backstage:default:<name>`).
 */
export interface SandboxPerson {
  /** `preferred_username`, the catalog's User name, and the Kubernetes username. */
  username: string;
  name: string;
  email: string;
  /** The `groups` claim; the catalog's groups have the same names. */
  groups: string[];
  /** What they may do, shown on the sign-in page. */
  role: string;
}

/** Groups whose members may decide approval requests in every cluster. */
export const DECIDING_GROUPS = ['sre', 'oncall-leads'];
/** Groups whose members may decide only outside production. */
export const STAGING_DECIDING_GROUPS = ['staging-approvers'];
/** Groups whose members may only read. */
export const VIEWING_GROUPS = ['viewers'];

export const SANDBOX_PEOPLE: SandboxPerson[] = [
  {
    username: 'alice',
    name: 'Alice Ramos',
    email: 'alice@kubernaut.example',
    groups: ['sre'],
    role: 'SRE: investigates, steers and decides, production included',
  },
  {
    username: 'carol',
    name: 'Carol Chen',
    email: 'carol@kubernaut.example',
    groups: ['staging-approvers'],
    role: 'approver for staging only; reads production',
  },
  {
    username: 'bob',
    name: 'Bob Okafor',
    email: 'bob@kubernaut.example',
    groups: ['viewers'],
    role: 'viewer: reads remediations, the catalog and the audit trail',
  },
  {
    username: 'dave',
    name: 'Dave Novak',
    email: 'dave@kubernaut.example',
    groups: ['oncall-leads', 'sre'],
    role: 'on-call lead: everything an SRE does, plus overrides and cancellations',
  },
];

/**
 * The dev-only password every sandbox person signs in with; printed on the sign-in page. The
 * provider listens on loopback and exists for local trials and tests.
 */
export const SANDBOX_PASSWORD = 'kubernaut';
