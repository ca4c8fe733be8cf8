import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  ClusterHealth,
  FleetChangeEvent,
} from '@kubernaut/plugin-kubernaut-common';
import { DataStorageClient } from '../clients/DataStorageClient';
import { serviceAgent } from '../clients/serviceHttp';
import type { ClusterConfig } from '../config/clusterConfig';
import {
  ClusterConnection,
  type ClusterConnectionOptions,
} from './ClusterConnection';

import { boundedListGate } from './Reflector';

/** List pages read at once across every cluster during a (re)list. */
const LIST_PAGES_AT_ONCE = 4;

/** Every configured cluster, its caches and its Data Storage client. */
export class ClusterRegistry {
  private readonly connections = new Map<string, ClusterConnection>();
  private readonly dataStorage = new Map<string, DataStorageClient>();

  constructor(
    configs: ClusterConfig[],
    logger: LoggerService,
    options: ClusterConnectionOptions = {},
  ) {
    // A first sync of a large fleet lists thousands of pages; a few at a time keep the memory
    // they pass through (parsed JSON, dropped once projected) from setting the process's RSS.
    const listGate = options.listGate ?? boundedListGate(LIST_PAGES_AT_ONCE);
    for (const config of configs) {
      const connection = new ClusterConnection(
        config,
        logger.child({ cluster: config.name }),
        { ...options, listGate },
      );
      this.connections.set(config.name, connection);
      for (const [service, endpoint] of [
        ['dataStorage', config.dataStorage],
        ['apiFrontend', config.apiFrontend],
      ] as const) {
        if (endpoint?.skipTLSVerify)
          logger.warn(
            `kubernaut.clusters ${config.name}.${service}.skipTLSVerify is set: its certificate is not checked, so anyone on the path can read and change the traffic`,
          );
      }
      if (config.dataStorage) {
        const endpoint = config.dataStorage;
        this.dataStorage.set(
          config.name,
          new DataStorageClient(
            endpoint.url,
            () => endpoint.token ?? connection.serviceToken(),
            serviceAgent(endpoint),
          ),
        );
      }
    }
  }

  start(): void {
    for (const connection of this.connections.values()) connection.start();
  }

  stop(): void {
    for (const connection of this.connections.values()) connection.stop();
  }

  all(): ClusterConnection[] {
    return [...this.connections.values()];
  }

  names(): string[] {
    return [...this.connections.keys()];
  }

  /** The named cluster; 404 for a name that is not configured. */
  get(name: string): ClusterConnection {
    const connection = this.connections.get(name);
    if (!connection)
      throw new NotFoundError(`no cluster named "${name}" is configured`);
    return connection;
  }

  /** Clusters a request spans: the named ones (each must exist), else all. */
  select(names?: string[]): ClusterConnection[] {
    if (!names || names.length === 0) return this.all();
    return names.map(name => this.get(name));
  }

  dataStorageFor(name: string): DataStorageClient | undefined {
    return this.dataStorage.get(name);
  }

  health(connections: ClusterConnection[] = this.all()): ClusterHealth[] {
    return connections.map(c => c.health());
  }

  onChange(listener: (event: FleetChangeEvent) => void): () => void {
    const stops = this.all().map(c => c.onChange(listener));
    return () => stops.forEach(stop => stop());
  }

  /** Bumped by any change in any cluster. */
  get version(): number {
    return this.all().reduce((sum, c) => sum + c.version, 0);
  }
}
