import BuildIcon from '@material-ui/icons/Build';
import TimelineIcon from '@material-ui/icons/Timeline';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';

/** Maestro's icon in the plugin header, the sidebar and the entity tab. */
export const maestroIcon = <TimelineIcon fontSize="inherit" />;

/** The Supply chain entity tab's icon. */
export const supplyChainIcon = <VerifiedUserIcon fontSize="inherit" />;

/** The Builds entity tab's icon. */
export const buildsIcon = <BuildIcon fontSize="inherit" />;
