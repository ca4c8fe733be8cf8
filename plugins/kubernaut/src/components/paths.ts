import { useRouteRef } from '@backstage/core-plugin-api';
import { useMemo } from 'react';
import { rootRouteRef } from '../routes';

/** Links between the plugin's views, under wherever the app mounts the plugin. */
export function useKubernautPaths() {
  const root = useRouteRef(rootRouteRef)().replace(/\/$/, '');
  return useMemo(
    () => ({
      fleet: (q?: string) =>
        q ? `${root}/?q=${encodeURIComponent(q)}` : `${root}/`,
      approvals: () => `${root}/approvals`,
      workflows: () => `${root}/workflows`,
      investigate: () => `${root}/investigate`,
      investigations: () => `${root}/investigations`,
      /** The Investigate page with the description (and a cluster) filled in, not submitted. */
      investigateWith: (prefill: { description: string; cluster?: string }) => {
        const params = new URLSearchParams({
          description: prefill.description,
        });
        if (prefill.cluster) params.set('cluster', prefill.cluster);
        return `${root}/investigate?${params.toString()}`;
      },
      remediation: (cluster: string, name: string, tab?: string) =>
        `${root}/clusters/${encodeURIComponent(
          cluster,
        )}/remediations/${encodeURIComponent(name)}${tab ? `?tab=${tab}` : ''}`,
      investigation: (id: string) =>
        `${root}/investigations/${encodeURIComponent(id)}`,
    }),
    [root],
  );
}
