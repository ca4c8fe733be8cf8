import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  McpToolError,
  toolErrorKind,
  toolErrorToBackstage,
} from './mcpToolErrors';

// pkg/apifrontend/handler/mcp_bridge.go (denyRBAC, denyRateLimited, denyThrottled) and the
// handlers' sentinel errors, pkg/apifrontend/tools/helpers.go
describe('tool error mapping', () => {
  it.each([
    [
      'permission denied: role lacks access to kubernaut_approve',
      NotAllowedError,
    ],
    ['permission denied: no console access', NotAllowedError],
    [
      'access denied: you lack access to patch resource -- contact your cluster administrator for RBAC permissions',
      NotAllowedError,
    ],
    ['not found: the requested resource does not exist', NotFoundError],
    [
      'invalid input: decision "Maybe" is not valid; must be exactly one of: Approved, Rejected',
      InputError,
    ],
    [
      'validating "arguments": validating root: unexpected additional properties ["x"]',
      InputError,
    ],
    ['invalid rr_id: rr_id must not be empty', InputError],
    [
      'already in terminal state: remediation kubernaut-system/rr-1 is in terminal state "Completed"',
      ConflictError,
    ],
    ['decision already recorded: Approved by alice', ConflictError],
    [
      'rate limit exceeded — too many tool calls per minute, please retry later',
      ServiceUnavailableError,
    ],
    [
      'server busy — too many concurrent tool calls, please retry',
      ServiceUnavailableError,
    ],
    ['internal error', ServiceUnavailableError],
  ])('%s', (text, type) => {
    const error = toolErrorToBackstage(
      new McpToolError('kubernaut_approve', text),
    );
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(text);
  });

  it('classifies by the leading words', () => {
    expect(toolErrorKind('  Not found: x')).toBe('not-found');
    expect(
      toolErrorKind('selecting workflow: kubernaut agent: no session'),
    ).toBe('other');
  });
});
