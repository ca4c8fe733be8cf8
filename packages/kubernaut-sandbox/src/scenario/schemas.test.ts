import Ajv2020 from 'ajv/dist/2020';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { AuditLog } from '../datastorage/AuditLog';
import { ObjectStore } from '../kube/ObjectStore';
import { servedResourceTypes, type StatusLayout } from '../kube/resources';
import { ScenarioEngine } from './ScenarioEngine';
import { SCENARIOS } from './scenarios';

const referenceDir =
  process.env.KUBERNAUT_REFERENCE_DIR ??
  resolve(__dirname, '../../../../../shared/kubernaut-reference');

type Schema = Record<string, unknown>;

/** Kubernetes prunes unknown fields; forbidding them makes the check as strict as the API server. */
function pruningStrict(schema: Schema): Schema {
  const copy: Schema = { ...schema };
  if (
    copy.properties &&
    !copy['x-kubernetes-preserve-unknown-fields'] &&
    copy.additionalProperties === undefined
  ) {
    copy.additionalProperties = false;
  }
  for (const key of Object.keys(copy)) {
    if (key.startsWith('x-kubernetes-')) delete copy[key];
  }
  if (copy.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(copy.properties as Record<string, Schema>).map(
        ([k, v]) => [k, pruningStrict(v)],
      ),
    );
  }
  if (copy.items) copy.items = pruningStrict(copy.items as Schema);
  if (
    copy.additionalProperties &&
    typeof copy.additionalProperties === 'object'
  ) {
    copy.additionalProperties = pruningStrict(
      copy.additionalProperties as Schema,
    );
  }
  return copy;
}

function loadValidators(dir: string) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<string, ReturnType<Ajv['compile']>>();
  for (const file of readdirSync(dir).filter(f => f.endsWith('.yaml'))) {
    const crd = parse(readFileSync(join(dir, file), 'utf8'));
    const schema = crd.spec.versions[0].schema.openAPIV3Schema as Schema;
    const props = { ...(schema.properties as Record<string, Schema>) };
    props.metadata = { type: 'object' };
    validators.set(
      crd.spec.names.kind,
      ajv.compile(pruningStrict({ ...schema, properties: props })),
    );
  }
  return validators;
}

async function playAll(
  layout: StatusLayout,
  environment: 'production' | 'staging',
) {
  const types = servedResourceTypes(layout);
  const store = new ObjectStore(types);
  const audit = new AuditLog('schema-test', 'kubernaut-system');
  const engine = new ScenarioEngine({
    cluster: { name: `schema-${layout}`, environment, layout },
    namespace: 'kubernaut-system',
    store,
    audit,
    seed: 7,
    speed: 1,
    live: false,
  });
  await engine.start();
  const runs = [];
  for (const scenario of SCENARIOS)
    runs.push(
      await engine.playPast(scenario.id, new Date(Date.now() - 3600_000)),
    );
  // The scale fill with children, so its copies are held to the schemas too.
  engine.scaleChildren = true;
  engine.fillScale(50);
  return { store, types, runs, engine };
}

const hasReference = existsSync(join(referenceDir, 'crds'));

describe('sandbox objects against the real Kubernaut CRD schemas', () => {
  it('finds the reference schemas (shared/kubernaut-reference)', () => {
    expect(hasReference).toBe(true);
  });

  it.each([
    ['v1.6', 'crds', 'production'],
    ['v1.5', 'crds-v1.5.7', 'production'],
    ['v1.6', 'crds', 'staging'],
    ['v1.5', 'crds-v1.5.7', 'staging'],
  ] as const)(
    'every %s object is valid against %s (%s cluster)',
    async (layout, dir, environment) => {
      const validators = loadValidators(join(referenceDir, dir));
      const { store, types } = await playAll(layout, environment);
      const failures: string[] = [];
      let checked = 0;
      for (const type of types.filter(t => t.group)) {
        const validate = validators.get(type.kind);
        expect(validate).toBeDefined();
        for (const { object } of store.list(type).items) {
          checked++;
          if (!validate!(object)) {
            failures.push(
              `${type.kind}/${object.metadata.name}: ${validate!
                .errors!.slice(0, 3)
                .map(
                  e =>
                    `${e.instancePath} ${e.message} ${JSON.stringify(
                      e.params,
                    )}`,
                )
                .join('; ')}`,
            );
          }
        }
      }
      expect(failures.slice(0, 15)).toEqual([]);
      expect(checked).toBeGreaterThan(200);
    },
  );

  it('emits investigation_summary artifacts valid against their JSON Schema', async () => {
    const schema = JSON.parse(
      readFileSync(
        join(referenceDir, 'schemas/investigation_summary.v1.schema.json'),
        'utf8',
      ),
    );
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(schema);
    const { runs } = await playAll('v1.6', 'production');
    const summaries = runs.flatMap(r =>
      r.transcript.events
        .filter(
          e =>
            e.kind === 'artifact-update' &&
            // pkg/apifrontend/launcher/part_converter.go: recognised by its schema, no name.
            (e.artifact as { metadata: { schema?: string } }).metadata
              .schema === 'investigation_summary',
        )
        .map(
          e =>
            (
              e.artifact as { parts: Array<{ kind: string; data?: unknown }> }
            ).parts.find(p => p.kind === 'data')!.data,
        ),
    );
    expect(summaries.length).toBe(SCENARIOS.length);
    const invalid = summaries.filter(summary => !validate(summary));
    expect(invalid).toEqual([]);
  });
});

describe('scenario outcomes', () => {
  it.each([
    ['checkout-oom', 'Completed', 'Remediated'],
    ['payment-latency', 'Completed', 'Remediated'],
    ['ml-memory-escalation', 'Completed', 'Inconclusive'],
    ['shipping-rollout-rejected', 'Failed', undefined],
    ['gateway-hpa-expired', 'Failed', undefined],
    ['portal-cert-failed', 'Failed', undefined],
    ['orders-resource-busy', 'Completed', 'Remediated'],
    ['platform-quota-manual-review', 'Completed', 'ManualReviewRequired'],
  ])('%s ends %s (%s) on the nested layout', async (id, phase, outcome) => {
    const { runs, store } = await playAll('v1.6', 'production');
    const run = runs.find(r => r.scenario.id === id)!;
    const rr = store
      .list(servedResourceTypes('v1.6')[0])
      .items.find(i => i.object.metadata.name === run.rrName)!.object;
    const status = rr.status as {
      overallPhase: string;
      completionStatus?: { outcome?: string };
    };
    expect(status.overallPhase).toBe(phase);
    expect(status.completionStatus?.outcome).toBe(outcome);
  });

  it('credits the scripted operator through API Frontend when it overrides the workflow', async () => {
    const { runs, store } = await playAll('v1.6', 'production');
    const run = runs.find(r => r.scenario.id === 'checkout-oom')!;
    const rar = store
      .list(
        servedResourceTypes('v1.6').find(
          t => t.kind === 'RemediationApprovalRequest',
        )!,
      )
      .items.find(i => i.object.metadata.name === `rar-${run.rrName}`)!.object;
    expect(rar.status).toEqual(
      expect.objectContaining({
        decision: 'Approved',
        decidedBy: 'carol',
        decidedVia: 'system:serviceaccount:kubernaut-system:apifrontend',
        workflowOverride: expect.objectContaining({
          workflowName: 'rollback-config-v1',
        }),
      }),
    );
    const wfe = store
      .list(
        servedResourceTypes('v1.6').find(t => t.kind === 'WorkflowExecution')!,
      )
      .items.find(i => i.object.metadata.name === `we-${run.rrName}`)!.object;
    expect(
      (wfe.spec as { workflowRef: { workflowName: string } }).workflowRef
        .workflowName,
    ).toBe('rollback-config-v1');
  });

  it('puts the flat v1.5 status fields at the top level', async () => {
    const { runs, store } = await playAll('v1.5', 'production');
    const run = runs.find(r => r.scenario.id === 'checkout-oom')!;
    const rr = store
      .list(servedResourceTypes('v1.5')[0])
      .items.find(i => i.object.metadata.name === run.rrName)!.object;
    expect(rr.status).toEqual(
      expect.objectContaining({
        overallPhase: 'Completed',
        outcome: 'Remediated',
        workflowDisplayName: expect.any(String),
      }),
    );
    expect(rr.status).not.toHaveProperty('completionStatus');
  });
});
