import {
  startFixture,
  type Fixture,
} from '@kubernaut/sandbox/src/apifrontend/testFixture';
import {
  ApiFrontendClient,
  McpToolError,
  RemediationNotFoundError,
  StatusStreamClosingError,
} from './ApiFrontendClient';

jest.setTimeout(20_000);

/**
 * The client against the sandbox's API Frontend, which models upstream's wire behaviour
 * (`pkg/apifrontend/handler/mcp.go`, `mcp_bridge.go`, `status_handler.go`).
 */
describe('ApiFrontendClient against the sandbox API Frontend', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startFixture();
  });
  afterAll(() => fixture.stop());

  it('decides through kubernaut_approve and reads tool errors as text', async () => {
    const client = new ApiFrontendClient(fixture.url);
    const rr = 'rr-abcdefabcdef-00000001';
    fixture.remediation(rr, { overallPhase: 'AwaitingApproval' });
    fixture.approvalRequest(rr);
    expect(
      await client.callTool(fixture.token('alice'), 'kubernaut_approve', {
        rar_name: `rar-${rr}`,
        decision: 'Approved',
      }),
    ).toEqual({
      status: 'Approved',
      message: 'Remediation approval Approved by alice',
    });
    const denied = await client
      .callTool(fixture.token('bob'), 'kubernaut_approve', {
        rar_name: `rar-${rr}`,
        decision: 'Approved',
      })
      .catch(e => e);
    expect(denied).toBeInstanceOf(McpToolError);
    expect(denied.text).toBe(
      'permission denied: role lacks access to kubernaut_approve',
    );
    const missing = await client
      .callTool(fixture.token('alice'), 'kubernaut_approve', {
        rar_name: 'rar-missing',
        decision: 'Rejected',
      })
      .catch(e => e);
    expect(missing.text).toBe(
      'not found: the requested resource does not exist',
    );
  });

  it('stops at an unknown remediation and raises status/closing before the token expires', async () => {
    const client = new ApiFrontendClient(fixture.url);
    const unknown = client.statusStream(
      fixture.token('alice'),
      'rr-000000000000-00000000',
      new AbortController().signal,
    );
    await expect(unknown.next()).rejects.toBeInstanceOf(
      RemediationNotFoundError,
    );

    const expiring = await startFixture({
      tokenExpiry: () => new Date(Date.now() + 25_000 + 5_300),
      deadlineJitterMs: () => 25_000,
    });
    try {
      const rr = 'rr-abcdefabcdef-00000002';
      expiring.remediation(rr, { overallPhase: 'Analyzing' });
      const updates: unknown[] = [];
      const error = await (async () => {
        for await (const update of new ApiFrontendClient(
          expiring.url,
        ).statusStream(
          expiring.token('alice'),
          rr,
          new AbortController().signal,
        ))
          updates.push(update);
        return undefined;
      })().catch(e => e);
      expect(updates).toEqual([
        expect.objectContaining({ rr_id: rr, phase: 'Analyzing' }),
      ]);
      expect(error).toBeInstanceOf(StatusStreamClosingError);
      expect(error.reason).toBe('token_expiry');
    } finally {
      await expiring.stop();
    }
  });
});
