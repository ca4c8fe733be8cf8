export interface Config {
  permission?: {
    /**
     * The dev backend's Kubernaut policy (packages/backend/src/permissions).
     * @visibility backend
     */
    kubernaut?: {
      /**
       * Who holds which Kubernaut permissions, where. Permissions by name, or `kubernaut.*`,
       * `kubernaut.remediation.*`; scopes (each optional) become the plugin's conditions.
       * @visibility backend
       */
      grants?: Array<{
        /** User or group entity refs. @visibility backend */
        who: string[];
        /** @visibility backend */
        permissions: string[];
        /** @visibility backend */
        clusters?: string[];
        /** @visibility backend */
        environments?: string[];
        /** @visibility backend */
        namespaces?: string[];
        /** @visibility backend */
        severities?: string[];
      }>;
    };
  };
}
