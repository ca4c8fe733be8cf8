/**
 * Body of `GET /api/kubernaut/health`.
 *
 * @public
 */
export interface HealthResponse {
  status: 'ok';
  /** Version of the backend plugin package that answered. */
  version: string;
}
