import { TERMINAL_PHASES } from '@kubernaut/plugin-kubernaut-common';

/** The component whose remediations the entity question asks for. */
export const COMPONENT = 'checkout-service';

/** What the benchmark client knows of the backend it asks. */
export interface QuestionContext {
  baseUrl: string;
  token: string;
  clusters: string[];
  /** The cluster a one-cluster page is asked of. */
  pageCluster: string;
  component: string;
  /** A remediation with children, found by the component question. */
  detail?: { cluster: string; name: string };
  /** Remediations that ended long ago, opened one after another (none twice in a row). */
  settled?: Array<{ cluster: string; name: string }>;
}

let nextSettled = 0;

/**
 * An answer reduced to what decides whether it is right: sorted names of what it lists, or
 * `figure=value` lines, so ours and the peer's compare as sets.
 */
export type Answer = string[];

type Question = (context: QuestionContext) => Promise<Answer>;

const NAMESPACE = 'kubernaut-system';
const KUBERNAUT_API = `/apis/kubernaut.ai/v1alpha1/namespaces/${NAMESPACE}`;
const TERMINAL = new Set<string>(TERMINAL_PHASES);

interface KubeObject {
  metadata: { name: string; creationTimestamp?: string };
  spec?: { severity?: string; remediationRequestRef?: { name?: string } };
  status?: { overallPhase?: string };
}

/**
 * Requests made and when the last one's response headers arrived (`performance.now()`): for a
 * one-request question, the time to headers is the server's part, before the client reads and
 * decodes the body (Node's fetch inflates a compressed body through a zlib stream, ~0.1 to
 * 0.15 ms whatever its size).
 */
export const requestTiming = { requests: 0, headersAt: 0 };

async function getJson(
  context: QuestionContext,
  path: string,
  init: { method?: string; body?: unknown; cluster?: string } = {},
): Promise<any> {
  requestTiming.requests++;
  const response = await fetch(`${context.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${context.token}`,
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      ...(init.cluster ? { 'Backstage-Kubernetes-Cluster': init.cluster } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  requestTiming.headersAt = performance.now();
  const body = await response.json();
  if (!response.ok && response.status !== 404)
    throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return response.status === 404 ? undefined : body;
}

/** The Kubernetes API of one cluster through the Kubernetes plugin's proxy. */
const proxy = (context: QuestionContext, cluster: string, path: string) =>
  getJson(context, `/api/kubernetes/proxy${path}`, { cluster });

const listAll = async (
  context: QuestionContext,
  plural: string,
): Promise<Array<KubeObject & { cluster: string }>> =>
  (
    await Promise.all(
      context.clusters.map(async cluster =>
        (
          (
            await proxy(context, cluster, `${KUBERNAUT_API}/${plural}`)
          ).items as KubeObject[]
        ).map(item => ({ ...item, cluster })),
      ),
    )
  ).flat();

const named = (items: Array<{ cluster: string; name: string }>) =>
  items.map(item => `${item.cluster}/${item.name}`).sort();

const isActive = (rr: KubeObject) =>
  !TERMINAL.has(rr.status?.overallPhase ?? 'Pending');

/** Newest first, as our list sorts: creation time, then cluster name. */
const newestFirst = (
  a: KubeObject & { cluster: string },
  b: KubeObject & { cluster: string },
) =>
  (b.metadata.creationTimestamp ?? '').localeCompare(
    a.metadata.creationTimestamp ?? '',
  ) || a.cluster.localeCompare(b.cluster);

function requireDetail(context: QuestionContext) {
  if (!context.detail)
    throw new Error('no remediation with children was found to ask about');
  return context.detail;
}

export const QUESTIONS: Record<string, Question> = {
  async health(context) {
    await getJson(context, '/api/kubernaut/health');
    return [];
  },
  async floor(context) {
    await getJson(context, '/api/floor/ping');
    return [];
  },
  async floorWithPermission(context) {
    await getJson(context, '/api/floor/ping/permission');
    return [];
  },
  async floorWithBody(context) {
    await getJson(context, '/api/floor/ping/body');
    return [];
  },
  async floorWithPage(context) {
    await getJson(context, '/api/floor/ping/page');
    return [];
  },

  /** The fleet page: newest 50 across every cluster, no filter. */
  async oursFleetPage(context) {
    const page = await getJson(context, '/api/kubernaut/remediations?limit=50');
    return named(page.items);
  },
  /** The approvals page: every pending approval request the caller may see. */
  async oursApprovals(context) {
    const { items } = await getJson(
      context,
      '/api/kubernaut/approvals?state=pending',
    );
    return named(items);
  },

  async oursPage(context) {
    const page = await getJson(
      context,
      `/api/kubernaut/remediations?limit=50&cluster=${context.pageCluster}`,
    );
    return named(page.items);
  },
  async peerPage(context) {
    const list = await proxy(
      context,
      context.pageCluster,
      `${KUBERNAUT_API}/remediationrequests?limit=50`,
    );
    return named(
      list.items.map((item: KubeObject) => ({
        cluster: context.pageCluster,
        name: item.metadata.name,
      })),
    );
  },

  async oursFiltered(context) {
    const page = await getJson(
      context,
      '/api/kubernaut/remediations?limit=50&q=critical',
    );
    return named(page.items);
  },
  async peerFiltered(context) {
    const critical = (await listAll(context, 'remediationrequests'))
      .filter(rr => rr.spec?.severity === 'critical')
      .sort(newestFirst)
      .slice(0, 50);
    return named(critical.map(rr => ({ ...rr, name: rr.metadata.name })));
  },

  async oursComponent(context) {
    const page = await getJson(
      context,
      `/api/kubernaut/remediations?limit=50&target=${context.component}`,
    );
    return named(page.items);
  },
  async peerComponent(context) {
    const answer = await getJson(
      context,
      '/api/kubernetes/resources/custom/query',
      {
        method: 'POST',
        body: {
          entityRef: `component:default/${context.component}`,
          customResources: [
            {
              group: 'kubernaut.ai',
              apiVersion: 'v1alpha1',
              plural: 'remediationrequests',
            },
          ],
        },
      },
    );
    const rows: Array<{ cluster: string; name: string }> = [];
    for (const cluster of answer.items ?? []) {
      if (cluster.errors?.length)
        throw new Error(
          `peer: ${cluster.cluster.name}: ${JSON.stringify(cluster.errors)}`,
        );
      for (const group of cluster.resources ?? [])
        for (const item of group.resources ?? [])
          rows.push({
            cluster: cluster.cluster.name,
            name: item.metadata.name,
          });
    }
    return named(rows);
  },

  /** A remediation that ended long ago, a different one each time: its children are read from its cluster. */
  async oursSettledDetail(context) {
    const settled = context.settled ?? [];
    if (settled.length === 0)
      throw new Error('no settled remediation was found to ask about');
    const { cluster, name } = settled[nextSettled++ % settled.length];
    const detail = await getJson(
      context,
      `/api/kubernaut/clusters/${cluster}/remediations/${name}`,
    );
    return [detail.name];
  },

  async oursDetail(context) {
    const { cluster, name } = requireDetail(context);
    const detail = await getJson(
      context,
      `/api/kubernaut/clusters/${cluster}/remediations/${name}`,
    );
    const children = [
      detail.signalProcessing,
      detail.analysis,
      detail.approvalRequest,
      detail.workflowExecution,
      detail.effectiveness,
      ...(detail.notifications ?? []),
    ].filter(Boolean);
    return [detail.name, ...children.map(c => c.name)].sort();
  },
  /** The remediation, its children by Kubernaut's naming, and notifications that point at it. */
  async peerDetail(context) {
    const { cluster, name } = requireDetail(context);
    const byName = [
      ['remediationrequests', name],
      ['signalprocessings', `sp-${name}`],
      ['aianalyses', `ai-${name}`],
      ['remediationapprovalrequests', `rar-${name}`],
      ['workflowexecutions', `we-${name}`],
      ['effectivenessassessments', `ea-${name}`],
    ];
    const [objects, notifications] = await Promise.all([
      Promise.all(
        byName.map(([plural, object]) =>
          proxy(context, cluster, `${KUBERNAUT_API}/${plural}/${object}`),
        ),
      ),
      proxy(context, cluster, `${KUBERNAUT_API}/notificationrequests`),
    ]);
    const found = objects.filter(Boolean) as KubeObject[];
    const mine = (notifications.items as KubeObject[]).filter(
      n =>
        n.spec?.remediationRequestRef?.name === name ||
        n.metadata.name.endsWith(`-${name}`),
    );
    return [...found, ...mine].map(o => o.metadata.name).sort();
  },

  async oursKpis(context) {
    const summary = await getJson(context, '/api/kubernaut/fleet/summary');
    return [
      `active=${summary.fleet.activeInvestigations}`,
      `critical=${summary.fleet.criticalAlerts}`,
    ];
  },
  /** The figures the CRDs alone give; resolved, failed and times need the audit trail. */
  async peerKpis(context) {
    const active = (await listAll(context, 'remediationrequests')).filter(
      isActive,
    );
    return [
      `active=${active.length}`,
      `critical=${
        active.filter(rr => rr.spec?.severity === 'critical').length
      }`,
    ];
  },
};
