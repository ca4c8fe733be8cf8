import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { ApiFrontendClient } from '../clients/ApiFrontendClient';
import { serviceAgent } from '../clients/serviceHttp';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';

/** Each cluster's API Frontend client and the backend's own credential for it. */
export class ApiFrontendConnections {
  private readonly clients = new Map<string, ApiFrontendClient>();

  constructor(private readonly registry: ClusterRegistry) {}

  /** The API Frontend of a cluster (one client per cluster). */
  client(cluster: string): ApiFrontendClient {
    const connection = this.registry.get(cluster);
    const endpoint = connection.config.apiFrontend;
    if (!endpoint)
      throw new InputError(
        `cluster ${cluster} has no apiFrontend configured; investigations need it`,
      );
    let client = this.clients.get(cluster);
    if (!client)
      this.clients.set(
        cluster,
        (client = new ApiFrontendClient(endpoint.url, serviceAgent(endpoint))),
      );
    return client;
  }

  /** The backend's own credential for a cluster's API Frontend, read afresh each time. */
  serviceCredential(cluster: string): string {
    const connection = this.registry.get(cluster);
    const token =
      connection.config.apiFrontend?.token ?? connection.serviceToken();
    if (!token)
      throw new ServiceUnavailableError(
        `no credential for API Frontend of cluster ${cluster}`,
      );
    return token;
  }
}
