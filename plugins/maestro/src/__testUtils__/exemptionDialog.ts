import { within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

/** A local calendar date `days` from today, as a date input holds it. */
export function localDate(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return [
    date.getFullYear(),
    String(date.getMonth() + 1).padStart(2, '0'),
    String(date.getDate()).padStart(2, '0'),
  ].join('-');
}

/** The instant an exemption "expiring on" a local date ends. */
export function startOf(date: string): string {
  return new Date(`${date}T00:00:00`).toISOString();
}

/** Replaces a field's text the way pasting does: one input event. */
export async function fill(dialog: HTMLElement, label: RegExp, value: string) {
  const input = within(dialog).getByLabelText(label);
  await userEvent.clear(input);
  if (value) {
    await userEvent.click(input);
    await userEvent.paste(value);
  }
}
