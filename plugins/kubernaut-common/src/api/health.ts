/** Body of `GET /api/kubernaut/health`. */
export interface HealthResponse {
  status: 'ok';
  /** Version of the backend plugin package that answered. */
  version: string;
}
