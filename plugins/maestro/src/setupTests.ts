import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Pages load lazily; on a busy CI machine the first render can take longer
// than Testing Library's default of one second.
configure({ asyncUtilTimeout: 10_000 });
