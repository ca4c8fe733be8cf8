import {
  DECIDING_GROUPS,
  SANDBOX_PEOPLE,
  STAGING_DECIDING_GROUPS,
  VIEWING_GROUPS,
} from '../oidc/people';
import { kubeErrors } from './status';

export interface UserInfo {
  username: string;
  groups: string[];
}

export interface SandboxUser extends UserInfo {
  token: string;
  /** Shown in the kubeconfig and docs. */
  description: string;
}

/** One RBAC rule: who may use which verbs on which resources. `*` matches anything. */
export interface RbacRule {
  subjects: { users?: string[]; groups?: string[] };
  verbs: string[];
  apiGroups: string[];
  /** Plural, `plural/subresource`, or `*`. */
  resources: string[];
  /** For `impersonate`: which user names may be impersonated (all when absent). */
  resourceNames?: string[];
}

export interface AccessRequest {
  user: UserInfo;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  name?: string;
  namespace?: string;
}

export const KUBERNAUT_NAMESPACE = 'kubernaut-system';
export const CONTROLLER_USER = `system:serviceaccount:${KUBERNAUT_NAMESPACE}:kubernaut-controller`;
export const API_FRONTEND_USER = `system:serviceaccount:${KUBERNAUT_NAMESPACE}:apifrontend`;
export const BACKSTAGE_USER =
  'system:serviceaccount:backstage:kubernaut-backstage';

/** The users every simulated cluster knows. Tokens are sandbox-only and printed in its kubeconfig. */
export function defaultUsers(clusterName: string): SandboxUser[] {
  const token = (who: string) => `sandbox-${clusterName}-${who}`;
  return [
    {
      username: 'kubernetes-admin',
      groups: ['system:masters', 'system:authenticated'],
      token: token('admin'),
      description: 'cluster admin (kubectl)',
    },
    {
      username: BACKSTAGE_USER,
      groups: [
        'system:serviceaccounts',
        'system:serviceaccounts:backstage',
        'system:authenticated',
      ],
      token: token('backstage'),
      description:
        'the Backstage backend: reads Kubernaut CRDs, impersonates deciders',
    },
    {
      username: API_FRONTEND_USER,
      groups: [
        'system:serviceaccounts',
        `system:serviceaccounts:${KUBERNAUT_NAMESPACE}`,
        'system:authenticated',
      ],
      token: token('apifrontend'),
      description:
        'Kubernaut API Frontend (trusted intermediary for decisions)',
    },
    {
      username: CONTROLLER_USER,
      groups: [
        'system:serviceaccounts',
        `system:serviceaccounts:${KUBERNAUT_NAMESPACE}`,
        'system:authenticated',
      ],
      token: token('controller'),
      description: 'Kubernaut controllers (the scenario engine writes as them)',
    },
    {
      username: 'alice',
      groups: ['sre', 'system:authenticated'],
      token: token('alice'),
      description: 'SRE: may decide approvals',
    },
    {
      username: 'bob',
      groups: ['viewers', 'system:authenticated'],
      token: token('bob'),
      description: 'viewer: read only',
    },
  ];
}

/** A name as the Backstage backend impersonates it (`backstage:{{namespace}}:{{name}}` by default). */
const impersonated = (name: string, namespace = 'default') =>
  `backstage:${namespace}:${name}`;

/** The dev app's guest decides like an SRE, by its bare name and as impersonated. */
const GUEST_NAMES = [
  'guest',
  impersonated('guest'),
  impersonated('guest', 'development'),
];

/**
 * Who may decide in this cluster: the people of the deciding groups (`oidc/people.ts`) everywhere,
 * staging approvers outside production; each under their own name (their ID token, at API
 * Frontend) and as the Backstage backend impersonates them (impersonation carries no groups).
 */
function decidersOf(environment: string): {
  users: string[];
  groups: string[];
} {
  const groups = [
    ...DECIDING_GROUPS,
    ...(environment === 'production' ? [] : STAGING_DECIDING_GROUPS),
  ];
  const people = SANDBOX_PEOPLE.filter(p =>
    p.groups.some(g => groups.includes(g)),
  ).map(p => p.username);
  return {
    users: [
      ...people,
      ...people.map(name => impersonated(name)),
      ...GUEST_NAMES,
    ],
    groups,
  };
}

/** Who may only read: viewers, and everyone known who is not a decider here. */
function readersOf(environment: string): string[] {
  const deciders = decidersOf(environment).users;
  const others = SANDBOX_PEOPLE.map(p => p.username).filter(
    name => !deciders.includes(name),
  );
  return [...others, ...others.map(name => impersonated(name))];
}

const READ = ['get', 'list', 'watch'];
/** What readers may see: every Kubernaut kind and the core kinds the UI shows (not services or secrets). */
const READABLE = [
  'remediationrequests',
  'signalprocessings',
  'aianalyses',
  'agentsessions',
  'remediationapprovalrequests',
  'workflowexecutions',
  'effectivenessassessments',
  'notificationrequests',
  'remediationworkflows',
  'actiontypes',
  'investigationsessions',
  'pods',
  'events',
  'namespaces',
];

/** The cluster's RBAC; who decides depends on its environment (`production` keeps staging approvers out). */
export function defaultRbacRules(environment = 'production'): RbacRule[] {
  const deciders = decidersOf(environment);
  return [
    {
      subjects: { groups: ['system:masters'] },
      verbs: ['*'],
      apiGroups: ['*'],
      resources: ['*'],
    },
    {
      subjects: { users: [CONTROLLER_USER] },
      verbs: ['*'],
      apiGroups: ['*'],
      resources: ['*'],
    },
    {
      subjects: { users: [BACKSTAGE_USER] },
      verbs: READ,
      apiGroups: ['kubernaut.ai', ''],
      resources: READABLE,
    },
    {
      subjects: { users: [BACKSTAGE_USER] },
      verbs: ['get', 'patch', 'update'],
      apiGroups: ['kubernaut.ai'],
      resources: [
        'remediationapprovalrequests/status',
        'remediationrequests/status',
      ],
    },
    {
      subjects: { users: [BACKSTAGE_USER] },
      verbs: ['impersonate'],
      apiGroups: [''],
      resources: ['users', 'groups'],
    },
    {
      subjects: { users: [BACKSTAGE_USER, API_FRONTEND_USER, CONTROLLER_USER] },
      verbs: ['get', 'create'],
      apiGroups: [''],
      resources: ['services'],
      resourceNames: ['data-storage-service'],
    },
    {
      subjects: { users: [API_FRONTEND_USER] },
      verbs: [...READ, 'create', 'patch', 'update'],
      apiGroups: ['kubernaut.ai'],
      resources: ['*'],
    },
    {
      subjects: {
        users: [...deciders.users, ...readersOf(environment)],
        groups: [...deciders.groups, ...VIEWING_GROUPS],
      },
      verbs: READ,
      apiGroups: ['kubernaut.ai', ''],
      resources: READABLE,
    },
    {
      subjects: deciders,
      verbs: ['get', 'patch', 'update'],
      apiGroups: ['kubernaut.ai'],
      resources: [
        'remediationapprovalrequests/status',
        'remediationrequests/status',
      ],
    },
    {
      subjects: {
        users: [BACKSTAGE_USER, ...deciders.users],
        groups: [...deciders.groups, 'system:masters'],
      },
      verbs: ['use'],
      apiGroups: ['kubernaut.ai'],
      resources: ['tools'],
    },
    {
      subjects: { users: readersOf(environment), groups: VIEWING_GROUPS },
      verbs: ['use'],
      apiGroups: ['kubernaut.ai'],
      resources: ['tools'],
      resourceNames: [
        'console',
        'kubernaut_investigate',
        'kubernaut_list_workflows',
        'kubernaut_message',
        'kubernaut_get_approval_request',
      ],
    },
  ];
}

function covers(list: string[] | undefined, value: string): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

function headerValues(value: string | string[] | undefined): string[] {
  if (Array.isArray(value)) return value;
  return value ? [value] : [];
}

export class Authorizer {
  private readonly byToken: Map<string, SandboxUser>;

  constructor(
    readonly users: SandboxUser[],
    private readonly rules: RbacRule[],
  ) {
    this.byToken = new Map(users.map(u => [u.token, u]));
  }

  /** Resolves the bearer token; throws 401 for a missing or unknown one. */
  authenticate(authorization: string | undefined): UserInfo {
    const match = authorization?.match(/^Bearer\s+(\S+)$/i);
    const user = match ? this.byToken.get(match[1]) : undefined;
    if (!user) throw kubeErrors.unauthorized();
    return { username: user.username, groups: user.groups };
  }

  allows(request: AccessRequest): boolean {
    const resource = request.subresource
      ? `${request.resource}/${request.subresource}`
      : request.resource;
    return this.rules.some(
      rule =>
        (covers(rule.subjects.users, request.user.username) ||
          request.user.groups.some(g => covers(rule.subjects.groups, g))) &&
        covers(rule.verbs, request.verb) &&
        covers(rule.apiGroups, request.apiGroup) &&
        covers(rule.resources, resource) &&
        (!rule.resourceNames ||
          (request.name !== undefined &&
            rule.resourceNames.includes(request.name))),
    );
  }

  /** Throws Kubernetes' 403 message when RBAC does not allow the request. */
  authorize(request: AccessRequest): void {
    if (this.allows(request)) return;
    const resource = request.subresource
      ? `${request.resource}/${request.subresource}`
      : request.resource;
    const group = request.apiGroup;
    const subject = `User "${request.user.username}" cannot ${request.verb} resource "${resource}" in API group "${group}"`;
    const where = request.namespace
      ? ` in the namespace "${request.namespace}"`
      : ' at the cluster scope';
    const object = request.name
      ? `${request.resource}${group ? `.${group}` : ''} "${
          request.name
        }" is forbidden: `
      : `${request.resource}${group ? `.${group}` : ''} is forbidden: `;
    throw kubeErrors.forbidden(`${object}${subject}${where}`, {
      group,
      plural: request.resource,
      name: request.name,
    });
  }

  /**
   * Applies `Impersonate-User` / `Impersonate-Group` headers: the caller needs `impersonate` on
   * users (and groups); the request then runs as the impersonated user.
   */
  impersonate(
    caller: UserInfo,
    headers: Record<string, string | string[] | undefined>,
  ): UserInfo {
    const rawUser = headers['impersonate-user'];
    const rawGroups = headers['impersonate-group'];
    const groupList = headerValues(rawGroups)
      .flatMap(g => g.split(','))
      .map(g => g.trim())
      .filter(Boolean);
    if (!rawUser) {
      if (groupList.length)
        throw kubeErrors.badRequest(
          'impersonating groups requires impersonating a user',
        );
      return caller;
    }
    const username = Array.isArray(rawUser) ? rawUser[0] : rawUser;
    this.authorize({
      user: caller,
      verb: 'impersonate',
      apiGroup: '',
      resource: 'users',
      name: username,
    });
    for (const group of groupList) {
      this.authorize({
        user: caller,
        verb: 'impersonate',
        apiGroup: '',
        resource: 'groups',
        name: group,
      });
    }
    return {
      username,
      groups: [...new Set([...groupList, 'system:authenticated'])],
    };
  }
}
