import { admitApprovalStatus } from '../kube/admission';
import { API_FRONTEND_USER } from '../kube/auth';
import {
  MCP_HEADERS,
  NS,
  request,
  sseEvents,
  startFixture,
  type Fixture,
} from './testFixture';

/** Who API Frontend acts for: the bearer token's identity only, and it alone is trusted downstream. */
describe('sandbox API Frontend identity', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startFixture();
  });
  afterAll(() => fixture.stop());

  // pkg/apifrontend/auth/middleware.go stripImpersonationHeaders: Impersonate-* headers are dropped
  // before anything reads the request, so the caller stays who its token says.
  it('ignores impersonation headers: a service account stays a service account', async () => {
    const headers = {
      ...MCP_HEADERS,
      Authorization: `Bearer ${fixture.token('backstage')}`,
      'Impersonate-User': 'alice',
      'Impersonate-Group': 'sre',
    };
    const post = (body: object, session?: string) =>
      request(`${fixture.url}/mcp`, {
        headers: session ? { ...headers, 'Mcp-Session-Id': session } : headers,
        body: JSON.stringify(body),
      });
    const init = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-03-26',
        capabilities: {},
        clientInfo: { name: 'test', version: '1' },
      },
    });
    const session = init.headers['mcp-session-id'] as string;
    await post(
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      session,
    );
    const reply = await post(
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: {
          name: 'kubernaut_investigate',
          arguments: {
            api_version: 'apps/v1',
            kind: 'Deployment',
            name: 'checkout-service',
          },
        },
      },
      session,
    );
    expect(JSON.parse(sseEvents(reply.body)[0].data).result).toEqual({
      content: [
        {
          type: 'text',
          text: 'interactive investigation cannot be started by service accounts',
        },
      ],
      isError: true,
    });
  });

  // pkg/authwebhook/remediationapprovalrequest_handler.go BuildTrustedAFSA / isAFServiceAccount:
  // the sole trusted intermediary is exactly system:serviceaccount:<namespace>:apifrontend.
  it("keeps a decision's decidedBy only from API Frontend's own service account", () => {
    const rar = fixture.approvalRequest('rr-trusted-000001-00000001');
    const decide = (username: string) =>
      admitApprovalStatus(
        rar,
        { ...rar, status: { decision: 'Approved', decidedBy: 'carol' } },
        {
          user: { username, groups: [] },
          store: fixture.store,
          now: () => new Date(),
          trustedIntermediaries: [API_FRONTEND_USER],
        },
      ).status as Record<string, unknown>;
    expect(API_FRONTEND_USER).toBe(`system:serviceaccount:${NS}:apifrontend`);
    expect(decide(API_FRONTEND_USER)).toEqual(
      expect.objectContaining({
        decidedBy: 'carol',
        decidedVia: API_FRONTEND_USER,
      }),
    );
    for (const impostor of [
      'system:serviceaccount:other-namespace:apifrontend',
      `system:serviceaccount:${NS}:apifrontend-proxy`,
      'apifrontend',
    ]) {
      const status = decide(impostor);
      expect(status.decidedBy).toBe(impostor);
      expect(status).not.toHaveProperty('decidedVia');
    }
  });
});
