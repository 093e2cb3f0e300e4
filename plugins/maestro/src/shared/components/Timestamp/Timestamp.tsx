/**
 * A point in time in the reader's locale, with the exact ISO value as a
 * tooltip and machine-readable `dateTime`.
 */
export function Timestamp(props: { value: string }) {
  const date = new Date(props.value);
  if (Number.isNaN(date.getTime())) {
    return <>{props.value}</>;
  }
  return (
    <time dateTime={props.value} title={props.value}>
      {date.toLocaleString()}
    </time>
  );
}
