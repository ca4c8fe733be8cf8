import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  KUBERNAUT_APPROVAL_RESOURCE_TYPE,
  KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
  kubernautApprovalDecidePermission,
  kubernautPermissions,
  kubernautRemediationReadPermission,
  kubernautResourceRef,
  parseKubernautResourceRef,
} from './permissions';

describe('kubernaut permissions', () => {
  it('names every permission once, under the kubernaut prefix', () => {
    const names = kubernautPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^kubernaut\.[a-z]+\.[a-z]+$/);
    }
  });

  it('makes reading remediations and deciding approvals conditional resource permissions', () => {
    expect(
      isResourcePermission(
        kubernautRemediationReadPermission,
        KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
      ),
    ).toBe(true);
    expect(
      isResourcePermission(
        kubernautApprovalDecidePermission,
        KUBERNAUT_APPROVAL_RESOURCE_TYPE,
      ),
    ).toBe(true);
  });

  it('keeps the other permissions basic', () => {
    const basic = kubernautPermissions.filter(p => p.type === 'basic');
    expect(basic.map(p => p.name).sort()).toEqual([
      'kubernaut.approval.override',
      'kubernaut.audit.read',
      'kubernaut.investigation.create',
      'kubernaut.workflow.read',
    ]);
  });
});

describe('kubernautResourceRef', () => {
  it('names a remediation as cluster:name and reads it back', () => {
    const ref = kubernautResourceRef('prod-us-east', 'rr-abc.1');
    expect(ref).toBe('prod-us-east:rr-abc.1');
    expect(parseKubernautResourceRef(ref)).toEqual({
      cluster: 'prod-us-east',
      name: 'rr-abc.1',
    });
    expect(parseKubernautResourceRef('no-colon')).toBeUndefined();
    expect(parseKubernautResourceRef('a:b:c')).toBeUndefined();
  });
});
