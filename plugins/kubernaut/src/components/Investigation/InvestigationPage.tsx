import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import { Link, useParams } from 'react-router-dom';
import { useKubernautPaths } from '../paths';
import { InvestigationPanel } from './InvestigationPanel';

/** An investigation started in plain words, before (or without) a remediation of its own. */
export function InvestigationPage() {
  const { id } = useParams();
  const paths = useKubernautPaths();
  if (!id) return <Alert severity="error">No investigation named.</Alert>;
  return (
    <Card variant="outlined">
      <CardContent>
        <InvestigationPanel id={id} linkToRemediation />
        <Button component={Link} to={paths.fleet()} sx={{ mt: 2 }}>
          Back to the fleet
        </Button>
      </CardContent>
    </Card>
  );
}
