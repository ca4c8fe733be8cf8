/**
 * What a piece of feedback is about: the RCA card, or one of the agent's answers.
 *
 * @public
 */
export type FeedbackTarget = 'rca' | 'answer';

/**
 * Thumbs up or down.
 *
 * @public
 */
export type FeedbackRating = 'up' | 'down';

/**
 * Body of `POST /investigations/:id/feedback`. A person's second feedback on an item replaces the first.
 *
 * @public
 */
export interface InvestigationFeedbackRequest {
  target: FeedbackTarget;
  /** The transcript item's key: the sequence number of the event that made it. */
  itemKey: string;
  rating: FeedbackRating;
  /** Why, in the person's words; at most 1000 characters. */
  reason?: string;
  /** The workflow the RCA recommended, so that feedback can be counted per workflow. */
  workflowId?: string;
}

/**
 * The feedback as stored, returned by the POST.
 *
 * @public
 */
export interface InvestigationFeedback {
  investigationId: string;
  target: FeedbackTarget;
  itemKey: string;
  user: string;
  rating: FeedbackRating;
  reason?: string;
  workflowId?: string;
  createdAt: string;
}

/**
 * Counts of RCA feedback per recommended workflow, from `GET /workflows/feedback`.
 *
 * @public
 */
export interface WorkflowFeedbackCounts {
  items: Array<{ workflowId: string; up: number; down: number }>;
}
