/**
 * What each cached object costs, kind by kind: prints figures, asserts nothing.
 *   node --expose-gc -r @backstage/cli-node/config/nodeTransform.cjs \
 *     plugins/kubernaut-backend/bench/growth/recordCost.ts [--copies 20000]
 * The growth benchmark's fill has RemediationRequests only; a real remediation also has children
 * (SignalProcessing, AIAnalysis, approval request, WorkflowExecution, EffectivenessAssessment,
 * notifications). This lists every kind from a sandbox cluster's played history, then, for each
 * kind, parses --copies renamed copies of those objects (each its own JSON.parse, as a list page
 * gives them) through the same projection, owner index and maps the cache uses
 * (ClusterConnection), and reads the heap after GC: bytes per cached object of that kind.
 */
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { OwnerIndex } from '../../src/cluster/owners';
import {
  readAnalysis,
  readApproval,
  readEffectivenessAssessment,
  readNotification,
  readRemediation,
  readSignalProcessing,
  readWorkflowExecution,
  type RemediationRecord,
} from '../../src/cluster/readers';
import { RemediationRows } from '../../src/cluster/RemediationRows';
import { startSandboxProcess } from '../../src/testUtils/sandboxProcess';

const at = process.argv.indexOf('--copies');
const copies = (at >= 0 && Number(process.argv[at + 1])) || 20_000;
const CLUSTER = 'cost';

function heapAfterGc(): number {
  const collect = (global as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** A remediation name of the sandbox's shape (`rr-` + 12 + `-` + 8 hex), unique per copy. */
const copyName = (i: number) =>
  `rr-${i.toString(16).padStart(12, '0')}-${((i * 2654435761) >>> 0)
    .toString(16)
    .padStart(8, '0')}`;

async function main() {
  const sandbox = await startSandboxProcess([
    '--clusters',
    `${CLUSTER}:production:v1.6`,
    '--no-live',
  ]);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(sandbox.kubeconfig);
  kubeConfig.setCurrentContext(`${CLUSTER}-backstage`);
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const list = async (plural: string): Promise<any[]> =>
    (
      await api.listNamespacedCustomObject({
        group: 'kubernaut.ai',
        version: 'v1alpha1',
        namespace: 'kubernaut-system',
        plural,
      })
    ).items;
  const remediations = await list('remediationrequests');
  const kept: unknown[] = [];
  const lines: string[] = [];
  const measure = (
    label: string,
    samples: any[],
    ownerOf: (sample: any) => string | undefined,
    store: (copy: any) => unknown,
  ) => {
    const texts = samples
      .map(sample => ({ text: JSON.stringify(sample), owner: ownerOf(sample) }))
      .filter(s => s.owner);
    if (texts.length === 0) {
      lines.push(`  ${label.padEnd(26)} none in the history`);
      return 0;
    }
    let jsonChars = 0;
    const before = heapAfterGc();
    for (let i = 0; i < copies; i++) {
      const { text, owner } = texts[i % texts.length];
      const projected = store(JSON.parse(text.replaceAll(owner!, copyName(i))));
      if (i < texts.length) jsonChars += JSON.stringify(projected).length;
    }
    const perObject = (heapAfterGc() - before) / copies;
    lines.push(
      `  ${label.padEnd(26)} ${perObject.toFixed(0).padStart(6)} bytes each (${
        texts.length
      } distinct objects from the history, ${copies} copies; the kept projection is ${(
        jsonChars / texts.length
      ).toFixed(0)} characters of JSON, the object ${(
        texts.reduce((n, t) => n + t.text.length, 0) / texts.length
      ).toFixed(0)})`,
    );
    return perObject;
  };

  const records = new Map<string, RemediationRecord>();
  const rows = new RemediationRows<RemediationRecord>();
  kept.push(records, rows);
  const rrCost = measure(
    'RemediationRequest (row)',
    remediations,
    rr => rr.metadata.name,
    object => {
      const record = readRemediation(object, CLUSTER)!;
      records.set(record.name, record);
      rows.put(record);
      return record;
    },
  );
  const shared = new OwnerIndex(name => records.get(name)?.name ?? name);
  let childrenCost = 0;
  for (const [plural, kind, read] of [
    ['signalprocessings', 'SignalProcessing', readSignalProcessing],
    ['aianalyses', 'AIAnalysis', readAnalysis],
    [
      'remediationapprovalrequests',
      'RemediationApprovalRequest',
      (o: any) => readApproval(o, CLUSTER),
    ],
    ['workflowexecutions', 'WorkflowExecution', readWorkflowExecution],
    [
      'effectivenessassessments',
      'EffectivenessAssessment',
      readEffectivenessAssessment,
    ],
    ['notificationrequests', 'NotificationRequest', readNotification],
  ] as const) {
    const objects = await list(plural);
    const project = shared.indexing(kind, read as (o: any) => unknown);
    const items = new Map<string, unknown>();
    kept.push(items);
    const cost = measure(
      kind,
      objects,
      object => {
        const owner = remediations.find(rr =>
          JSON.stringify(object).includes(rr.metadata.name),
        );
        return owner?.metadata.name;
      },
      object => {
        const item = project(object);
        items.set(object.metadata.name, item);
        return item;
      },
    );
    // How many of each kind a remediation has, in the played history.
    const perRemediation = objects.length / remediations.length;
    childrenCost += cost * perRemediation;
    lines.push(
      `    ${perRemediation.toFixed(2)} per remediation in the history`,
    );
  }
  await sandbox.stop();
  process.stdout.write(
    [
      `bytes of heap per cached object (projection, owner index, maps), ${remediations.length} remediations in the history:`,
      ...lines,
      `  a remediation with its children, in the history's proportions: ${(
        rrCost + childrenCost
      ).toFixed(0)} bytes (the row ${rrCost.toFixed(
        0,
      )}, its children ${childrenCost.toFixed(0)})`,
      '',
    ].join('\n'),
  );
  kept.length = 0;
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
