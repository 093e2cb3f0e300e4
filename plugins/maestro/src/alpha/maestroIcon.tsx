import TimelineIcon from '@material-ui/icons/Timeline';

/** Maestro's icon in the plugin header, the sidebar and the entity tab. */
export const maestroIcon = <TimelineIcon fontSize="inherit" />;
