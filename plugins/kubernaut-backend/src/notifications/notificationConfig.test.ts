import { ConfigReader } from '@backstage/config';
import { readNotificationOptions, recipientsFor } from './notificationConfig';

describe('readNotificationOptions', () => {
  it('defaults to on, five minutes of warning and the /kubernaut page', () => {
    expect(readNotificationOptions(new ConfigReader({}))).toEqual({
      enabled: true,
      linkBase: '/kubernaut',
      expiryWarningMs: 300_000,
      recentOutcomeMs: 3_600_000,
      rules: [],
    });
  });

  it('reads durations, rules and normalises entity refs', () => {
    const options = readNotificationOptions(
      new ConfigReader({
        kubernaut: {
          notifications: {
            expiryWarning: '10m',
            recentOutcomes: { hours: 2 },
            approvers: [
              {
                clusters: ['prod-us-east'],
                environments: ['production'],
                recipients: ['group:default/SRE', 'user:default/alice'],
              },
            ],
          },
        },
      }),
    );
    expect(options.expiryWarningMs).toBe(600_000);
    expect(options.recentOutcomeMs).toBe(7_200_000);
    expect(options.rules).toEqual([
      {
        clusters: ['prod-us-east'],
        environments: ['production'],
        namespaces: undefined,
        recipients: ['group:default/sre', 'user:default/alice'],
      },
    ]);
  });

  it.each([
    [{ approvers: [{ recipients: ['alice'] }] }, /not a user or group/],
    [
      { approvers: [{ recipients: ['component:default/x'] }] },
      /not a user or group/,
    ],
    [{ expiryWarning: '0s' }, /positive duration/],
  ])('refuses %j', (notifications, message) => {
    expect(() =>
      readNotificationOptions(
        new ConfigReader({ kubernaut: { notifications } }),
      ),
    ).toThrow(message);
  });
});

describe('recipientsFor', () => {
  const rules = [
    { clusters: ['prod'], recipients: ['group:default/sre'] },
    {
      namespaces: ['payments'],
      recipients: ['group:default/payments', 'group:default/sre'],
    },
    { environments: ['staging'], recipients: ['group:default/dev'] },
  ];

  it('unites every matching rule, each person once', () => {
    expect(
      recipientsFor(rules, {
        cluster: 'prod',
        namespace: 'payments',
        environment: 'production',
      }),
    ).toEqual(['group:default/sre', 'group:default/payments']);
    expect(
      recipientsFor(rules, {
        cluster: 'stage-1',
        namespace: 'web',
        environment: 'staging',
      }),
    ).toEqual(['group:default/dev']);
  });

  it('matches no environment rule when the remediation has none', () => {
    expect(
      recipientsFor(rules, { cluster: 'other', namespace: 'web' }),
    ).toEqual([]);
  });
});
