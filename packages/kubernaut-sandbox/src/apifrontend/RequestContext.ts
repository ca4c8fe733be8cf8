import type { UserInfo } from '../kube/auth';

/** Who is calling, as API Frontend's auth middleware leaves it on the request (`auth/middleware.go`). */
export interface RequestContext {
  user: UserInfo;
  /**
   * When the request must end (epoch ms): the token's expiry minus a jitter of 25-34 s.
   * Undefined for tokens without an expiry (TokenReview identities).
   */
  deadline?: number;
}
