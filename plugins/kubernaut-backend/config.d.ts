export interface Config {
  /** Configuration of the Kubernaut plugins. */
  kubernaut?: {
    /**
     * The watch caches.
     * @visibility backend
     */
    cache?: {
      /**
       * How long after a remediation ended its children (analysis, approval texts, execution,
       * assessment, notifications) stay cached, e.g. `1h` (the default) or `{ minutes: 30 }`;
       * after that its row stays and its detail reads them from the cluster.
       * @visibility backend
       */
      childrenAfterEnd?: string | { [unit: string]: number };
    };
    /**
     * Rules for approval decisions.
     * @visibility backend
     */
    decisions?: {
      /**
       * Refuse a decision by whoever started an investigation of the same remediation.
       * @visibility backend
       */
      requireDistinctApprover?: boolean;
    };
    /**
     * Notifications (Backstage's notifications plugin) of approval requests, a warning before they
     * expire, their decision or expiry, and remediations that failed or need manual review.
     * @visibility backend
     */
    notifications?: {
      /**
       * Defaults to true; nothing is sent until `approvers` names someone.
       * @visibility backend
       */
      enabled?: boolean;
      /**
       * Where the app mounts the Kubernaut page; every link starts with it. Defaults to `/kubernaut`.
       * @visibility backend
       */
      linkBase?: string;
      /**
       * How long before an approval request expires its approvers are warned, e.g. `5m`
       * (the default) or `{ minutes: 10 }`.
       * @visibility backend
       */
      expiryWarning?: string | { [unit: string]: number };
      /**
       * Failures and manual reviews that ended longer ago than this when first seen (after a
       * restart, say) are not announced. Defaults to `1h`.
       * @visibility backend
       */
      recentOutcomes?: string | { [unit: string]: number };
      /**
       * Who hears of a remediation: every rule whose clusters, namespaces and environments (each
       * optional) match it adds its recipients.
       * @visibility backend
       */
      approvers?: Array<{
        /** @visibility backend */
        clusters?: string[];
        /** @visibility backend */
        namespaces?: string[];
        /** @visibility backend */
        environments?: string[];
        /**
         * User or group entity refs, e.g. `group:default/sre-prod`.
         * @visibility backend
         */
        recipients: string[];
      }>;
    };
    /**
     * How a Backstage user becomes a Kubernetes identity when decisions are written by
     * impersonation.
     * @visibility backend
     */
    userMapping?: {
      /**
       * Kubernetes username; placeholders {{name}}, {{namespace}}, {{kind}}, {{entityRef}} of the
       * user entity. Defaults to `backstage:{{namespace}}:{{name}}`, so that users of two
       * namespaces stay two people and no Backstage user maps to a cluster identity such as
       * `kubernetes-admin`; reserved names (`system:…`, `kubernetes-admin`, `admin`) are refused.
       * @visibility backend
       */
      usernameTemplate?: string;
      /**
       * Impersonate the user's Backstage groups (ownership refs of kind Group) as Kubernetes groups.
       * Defaults to true.
       * @visibility backend
       */
      groupsFromOwnership?: boolean;
    };
    /**
     * Kubernaut installations (one per Kubernetes cluster) the plugin reads from and writes to.
     * Backend only: the browser learns of clusters from the signed-in `/clusters` route.
     * @visibility backend
     */
    clusters?: Array<{
      /**
       * Stable name used in URLs and permission conditions, e.g. `prod-us-east`.
       * @visibility backend
       */
      name: string;
      /**
       * Display name; defaults to `name`.
       * @visibility backend
       */
      title?: string;
      /**
       * Environment label shown in the UI and used by permission conditions, e.g. `production`.
       * @visibility backend
       */
      environment?: string;
      /**
       * URL of the Kubernetes API server. One of `url`, `kubeconfig` or `inCluster` is required.
       * @visibility backend
       */
      url?: string;
      /**
       * Base64 PEM of the API server's CA.
       * @visibility backend
       */
      caData?: string;
      /**
       * Path to a PEM file with the API server's CA.
       * @visibility backend
       */
      caFile?: string;
      /**
       * Accept any server certificate. For local clusters only.
       * @visibility backend
       */
      skipTLSVerify?: boolean;
      /**
       * Read the connection and credentials from a kubeconfig file.
       * @visibility backend
       */
      kubeconfig?: {
        /**
         * Path of the kubeconfig file.
         * @visibility backend
         */
        path: string;
        /**
         * Context to use; defaults to the file's current context.
         * @visibility backend
         */
        context?: string;
      };
      /**
       * Use the service account the backend runs as (in-cluster configuration).
       * @visibility backend
       */
      inCluster?: boolean;
      /**
       * Bearer token of the service account the backend reads the cluster with.
       * Prefer `${ENV_VAR}` substitution over a literal value.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * Namespace Kubernaut's CRDs live in. Defaults to `kubernaut-system`.
       * @visibility backend
       */
      namespace?: string;
      /**
       * Kubernaut Data Storage (audit events, effectiveness).
       * @visibility backend
       */
      dataStorage?: {
        /**
         * Base URL, e.g. `https://data-storage-service.kubernaut-system.svc:8080`.
         * @visibility backend
         */
        url: string;
        /**
         * Bearer token; defaults to `serviceAccountToken`.
         * @visibility secret
         */
        token?: string;
        /**
         * Base64 PEM (or PEM) of the CA that signed its certificate: Kubernaut's chart serves it
         * from an inter-service CA (ConfigMap `inter-service-ca`, key `ca.crt`).
         * @visibility backend
         */
        caData?: string;
        /**
         * Path to that CA's PEM file, instead of `caData`.
         * @visibility backend
         */
        caFile?: string;
        /**
         * Accept any certificate. Insecure: for trials only; the backend warns at startup.
         * @visibility backend
         */
        skipTLSVerify?: boolean;
      };
      /**
       * Kubernaut API Frontend (A2A investigations, status stream, MCP tools).
       * @visibility backend
       */
      apiFrontend?: {
        /**
         * Base URL, e.g. `https://apifrontend.kubernaut-system.svc:8443`.
         * @visibility backend
         */
        url: string;
        /**
         * Service credential used when the user has no token API Frontend trusts.
         * @visibility secret
         */
        token?: string;
        /**
         * Base64 PEM (or PEM) of the CA that signed its certificate: Kubernaut's chart serves it
         * from an inter-service CA (ConfigMap `inter-service-ca`, key `ca.crt`).
         * @visibility backend
         */
        caData?: string;
        /**
         * Path to that CA's PEM file, instead of `caData`.
         * @visibility backend
         */
        caFile?: string;
        /**
         * Accept any certificate. Insecure: for trials only; the backend warns at startup.
         * @visibility backend
         */
        skipTLSVerify?: boolean;
      };
      /**
       * How approval decisions are written so that Kubernaut credits the human:
       * `impersonate` (status patch as the user via Kubernetes impersonation) or
       * `apiFrontend` (the `kubernaut_approve` MCP tool with the user's token).
       * @visibility backend
       */
      approvalMode?: 'impersonate' | 'apiFrontend';
    }>;
  };
}
