export {
  parseQuery,
  canonicalEnvironment,
  MAX_QUERY_LENGTH,
  type ApprovalDecision,
  type ParsedQuery,
  type ParseOptions,
  type QueryChip,
  type QueryFilter,
  type QueryVocabulary,
} from './parseQuery';
export {
  resolveIntakeCluster,
  type IntakeCluster,
  type IntakeResolution,
  type IntakeWorkload,
} from './resolveIntakeCluster';
