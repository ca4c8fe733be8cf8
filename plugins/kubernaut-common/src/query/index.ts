export {
  parseQuery,
  MAX_QUERY_LENGTH,
  type ParsedQuery,
  type ParseOptions,
  type QueryChip,
  type QueryFilter,
  type QueryVocabulary,
} from './parseQuery';
