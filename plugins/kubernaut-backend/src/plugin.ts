import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  kubernautPermissions,
  parseKubernautResourceRef,
} from '@kubernaut/plugin-kubernaut-common';
import { ClusterRegistry } from './cluster/ClusterRegistry';
import { readClusterConfigs, readSettleMs } from './config/clusterConfig';
import { applyDatabaseMigrations } from './database/migrations';
import {
  approvalResourceRef,
  approvalRules,
  remediationResourceRef,
  remediationRules,
} from './permissions/rules';
import { InvestigationStore } from './database/InvestigationStore';
import { DecisionClaims } from './decisions/DecisionClaims';
import {
  DecisionService,
  readDecisionOptions,
} from './decisions/DecisionService';
import { FeedbackStore } from './feedback/FeedbackStore';
import { registerKubernautActions } from './actions/kubernautActions';
import { AuthorizedActs } from './authorized/AuthorizedActs';
import { AuthorizedRemediations } from './authorized/AuthorizedRemediations';
import { ApprovalService } from './services/ApprovalService';
import { QueryUnderstanding } from './services/QueryUnderstanding';
import { NotificationLedger } from './notifications/NotificationLedger';
import { readNotificationOptions } from './notifications/notificationConfig';
import { registrySource } from './notifications/registrySource';
import { RemediationNotifier } from './notifications/RemediationNotifier';
import { InvestigationService } from './investigations/InvestigationService';
import { SteeringService } from './steering/SteeringService';
import { cacheReadDecisions } from './permissions/readDecisionCache';
import { createRouter } from './router/createRouter';
import { AuditService } from './services/AuditService';
import { FleetService } from './services/FleetService';
import { RemediationService } from './services/RemediationService';
import { WorkflowService } from './services/WorkflowService';

/**
 * The Kubernaut backend plugin (new backend system).
 *
 * @public
 */
export const kubernautPlugin = createBackendPlugin({
  pluginId: 'kubernaut',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
      },
      async init({
        config,
        httpRouter,
        httpAuth,
        userInfo,
        auditor,
        logger,
        database,
        lifecycle,
        permissions,
        permissionsRegistry,
        notifications,
        actionsRegistry,
        auth,
      }) {
        const clusters = readClusterConfigs(config);
        if (clusters.length === 0)
          logger.warn(
            'kubernaut.clusters is empty: the plugin has nothing to show',
          );
        for (const cluster of clusters) {
          if (
            cluster.connection.kind === 'url' &&
            cluster.connection.skipTLSVerify
          ) {
            logger.warn(
              `${cluster.name}: skipTLSVerify is set; the API server's certificate is not checked`,
            );
          }
        }
        const registry = new ClusterRegistry(clusters, logger, {
          settleMs: readSettleMs(config),
        });
        registry.start();
        lifecycle.addShutdownHook(() => registry.stop());

        // Both resource types are judged by the remediation row, named `cluster:remediation`.
        const getResources = async (refs: string[]) =>
          refs.map(ref => {
            const parsed = parseKubernautResourceRef(ref);
            if (!parsed || !registry.names().includes(parsed.cluster))
              return undefined;
            return registry.get(parsed.cluster).remediationRow(parsed.name);
          });
        permissionsRegistry.addResourceType({
          resourceRef: remediationResourceRef,
          permissions: kubernautPermissions,
          rules: Object.values(remediationRules),
          getResources,
        });
        permissionsRegistry.addResourceType({
          resourceRef: approvalResourceRef,
          rules: Object.values(approvalRules),
          getResources,
        });

        const client = await database.getClient();
        if (!database.migrations?.skip) {
          await applyDatabaseMigrations(client);
        }
        const store = new InvestigationStore(client);
        const investigations = new InvestigationService({
          store,
          registry,
          logger,
        });
        lifecycle.addShutdownHook(() => investigations.stop());
        const notifier = new RemediationNotifier({
          source: registrySource(registry),
          notifications,
          ledger: new NotificationLedger(client),
          options: readNotificationOptions(config),
          logger: logger.child({ task: 'notifications' }),
        });
        notifier.start();
        lifecycle.addShutdownHook(() => notifier.stop());
        const decisions = new DecisionService(
          registry,
          store,
          readDecisionOptions(config),
          logger,
          new DecisionClaims(client),
        );

        const steering = new SteeringService({ registry, investigations });
        const understanding = new QueryUnderstanding(registry);
        // Reads reuse the policy's answer for ten seconds; acts always ask.
        const readPermissions = cacheReadDecisions(permissions);
        const reads = new AuthorizedRemediations({
          permissions: readPermissions,
          remediations: new RemediationService(registry),
          approvals: new ApprovalService(registry),
          understanding,
        });
        const acts = new AuthorizedActs({
          permissions,
          auditor,
          registry,
          decisions,
          investigations,
          steering,
        });
        registerKubernautActions({
          actionsRegistry,
          auth,
          userInfo,
          reads,
          acts,
        });

        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions: readPermissions,
            registry,
            reads,
            understanding,
            fleet: new FleetService(registry, logger),
            workflows: new WorkflowService(registry, logger),
            audit: new AuditService(registry),
            write: {
              userInfo,
              auditor,
              investigations,
              store,
              acts,
              feedback: new FeedbackStore(client),
            },
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
