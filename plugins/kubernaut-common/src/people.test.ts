import { personName } from './people';

describe('personName', () => {
  it('drops the user kind and the default namespace, and keeps any other namespace', () => {
    expect(personName('user:default/alice')).toBe('alice');
    expect(personName('user:team-a/alice')).toBe('team-a/alice');
    expect(personName('development/guest')).toBe('development/guest');
  });
});
