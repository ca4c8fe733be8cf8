import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// The dev stack's people sign in through the sandbox's OpenID Connect provider (app-config.yaml).
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
// Kubernaut's permissions follow `permission.kubernaut.grants` (see ./permissions).
backend.add(import('./permissions'));

// Approval requests reach their approvers' inboxes; signals push them to open pages.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Backstage's MCP server: agents call the plugin's actions as the signed-in user.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@kubernaut/plugin-kubernaut-backend'));

backend.start();
