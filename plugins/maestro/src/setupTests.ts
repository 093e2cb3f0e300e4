import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Pages load lazily; on a busy CI machine the first render can take longer
// than Testing Library's default of one second.
configure({ asyncUtilTimeout: 10_000 });

// A test that renders a page and waits for it must be allowed more than
// Jest's default 5 s on two shared cores: under load the first render of a
// lazily loaded page alone took over 5 s (EntityPolicyCard, PoliciesPage).
jest.setTimeout(30_000);
