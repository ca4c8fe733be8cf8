export {
  EntityKubernautCard,
  EntityKubernautContent,
} from './EntityKubernautContent';
