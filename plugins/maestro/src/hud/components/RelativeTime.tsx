import { relativeTime } from '../../shared/components/ExemptionExpiry/relativeTime';

/** "5 minutes ago", the exact time as a tooltip and machine-readable. */
export function RelativeTime(props: { value: string }) {
  const date = new Date(props.value);
  if (Number.isNaN(date.getTime())) {
    return <>{props.value}</>;
  }
  return (
    <time dateTime={props.value} title={date.toLocaleString()}>
      {relativeTime(date, new Date())}
    </time>
  );
}
