export { InvestigationList } from './InvestigationList';
export { InvestigationStatusChip } from './InvestigationStatusChip';
