import { render, screen } from '@testing-library/react';
import { Timestamp } from './Timestamp';

describe('Timestamp', () => {
  it('shows the time in the reader locale with the exact value on hover', () => {
    const iso = '2026-11-23T10:03:00.000Z';
    render(<Timestamp value={iso} />);

    const time = screen.getByText(new Date(iso).toLocaleString());
    expect(time).toHaveAttribute('dateTime', iso);
    expect(time).toHaveAttribute('title', iso);
  });

  it('prints values that are not times as they are', () => {
    render(<Timestamp value="yesterday" />);

    expect(screen.getByText('yesterday')).toBeInTheDocument();
  });
});
