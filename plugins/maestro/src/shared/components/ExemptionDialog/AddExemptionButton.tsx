import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import AddIcon from '@material-ui/icons/Add';
import { ExemptionAccess } from './ExemptionManageAccess';

/**
 * Opens the exemption dialog; disabled, with the reason as its tooltip,
 * when the user may not manage the entity's exemptions.
 */
export function AddExemptionButton(props: {
  access: ExemptionAccess;
  onClick: () => void;
}) {
  const { access } = props;
  return (
    <Tooltip title={access.reason ?? ''}>
      {/* A disabled button fires no events, so the tooltip sits on a span. */}
      <span>
        <Button
          size="small"
          color="primary"
          variant="outlined"
          startIcon={<AddIcon />}
          disabled={!access.allowed}
          onClick={props.onClick}
        >
          Add exemption
        </Button>
      </span>
    </Tooltip>
  );
}
