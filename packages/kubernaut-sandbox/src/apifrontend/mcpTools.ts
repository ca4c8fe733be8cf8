import { SANDBOX_TOOLS } from './mcp/tools';

/** An MCP tool as `tools/list` describes it. */
export interface McpTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/**
 * The MCP tools the sandbox's API Frontend serves: a subset of upstream's, with the same names
 * and inferred input schemas (`handler/mcp_bridge.go`). Implemented in `mcp/tools/`.
 */
export const MCP_TOOLS: McpTool[] = SANDBOX_TOOLS.map(
  ({ name, description, inputSchema }) => ({
    name,
    description,
    inputSchema: inputSchema as Record<string, unknown>,
  }),
);
