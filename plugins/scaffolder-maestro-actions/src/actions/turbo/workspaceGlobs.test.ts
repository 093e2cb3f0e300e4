import { globMatches } from './workspaceGlobs';

describe('globMatches', () => {
  it.each([
    ['services/*', 'services/payments-api'],
    ['services/**', 'services/team-a/payments-api'],
    ['**', 'services/payments-api'],
    ['services/pay*', 'services/payments-api'],
    ['services/payments-?pi', 'services/payments-api'],
    ['{apps,services}/*', 'services/payments-api'],
    ['services/[a-p]*', 'services/payments-api'],
    ['./services/payments-api/', 'services/payments-api'],
  ])('%s covers %s', (glob, folder) => {
    expect(globMatches(glob, folder)).toBe(true);
  });

  it.each([
    ['services/*', 'services/team-a/payments-api'],
    ['services/*', 'services'],
    ['apps/*', 'services/payments-api'],
    ['services/pay', 'services/payments-api'],
    ['services/[!p]*', 'services/payments-api'],
    ['service.s/*', 'servicexs/payments-api'],
  ])('%s does not cover %s', (glob, folder) => {
    expect(globMatches(glob, folder)).toBe(false);
  });
});
