import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_USERNAME_TEMPLATE,
  kubernetesUsername,
  readUsernameTemplate,
} from './userMapping';

describe('Backstage user to Kubernetes username', () => {
  it('keeps users of two namespaces apart by default', () => {
    expect(kubernetesUsername('user:a/alice')).toBe('backstage:a:alice');
    expect(kubernetesUsername('user:b/alice')).toBe('backstage:b:alice');
    expect(kubernetesUsername('user:development/guest')).toBe(
      'backstage:development:guest',
    );
  });

  it('maps a Backstage user named like a cluster admin to a user of its own by default', () => {
    expect(kubernetesUsername('user:default/kubernetes-admin')).toBe(
      'backstage:default:kubernetes-admin',
    );
  });

  it.each([
    ['user:default/kubernetes-admin', '{{name}}'],
    ['user:default/admin', '{{name}}'],
    ['user:default/Admin', '{{name}}'],
    ['user:system/masters', '{{namespace}}:{{name}}'],
    ['user:default/kube-proxy', '{{name}}'],
  ])('refuses %s under %s with a 403', (ref, template) => {
    expect(() => kubernetesUsername(ref, template)).toThrow(
      expect.objectContaining({ name: 'NotAllowedError' }),
    );
  });

  it('refuses a reference whose parts contain ":"', () => {
    expect(() =>
      kubernetesUsername('user:default/system:anonymous', '{{name}}'),
    ).toThrow(/cannot act in a cluster/);
  });

  it('defaults the template to one with the namespace, and refuses one without the user', () => {
    expect(readUsernameTemplate(new ConfigReader({}))).toBe(
      DEFAULT_USERNAME_TEMPLATE,
    );
    expect(() =>
      readUsernameTemplate(
        new ConfigReader({
          kubernaut: { userMapping: { usernameTemplate: 'everyone' } },
        }),
      ),
    ).toThrow(/must contain \{\{name\}\}/);
  });
});
