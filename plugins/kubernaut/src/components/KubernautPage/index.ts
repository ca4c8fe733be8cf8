export { KubernautPage } from './KubernautPage';
