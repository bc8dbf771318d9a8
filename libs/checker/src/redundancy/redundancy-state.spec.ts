import {
  channelState,
  mayDeleteCopy,
  renditionState,
  renditionTransition,
  type CopyState,
  type CopyStatus,
  type RenditionState,
} from './redundancy-state';

const copies = (a: CopyStatus, b: CopyStatus): CopyState[] => [
  { pipeline: 'a', status: a },
  { pipeline: 'b', status: b },
];

describe('renditionState: derived from the copies', () => {
  it.each<[CopyStatus, CopyStatus, string | undefined, RenditionState]>([
    ['live', 'live', undefined, 'healthy'],
    ['stale', 'live', undefined, 'failed-over'],
    ['deleted', 'live', undefined, 'failed-over'],
    ['unknown', 'live', undefined, 'failed-over'],
    ['live', 'deleted', undefined, 'failed-over'],
    ['stale', 'stale', undefined, 'down'],
    ['deleted', 'stale', undefined, 'down'],
    ['deleted', 'deleted', undefined, 'down'],
    ['unknown', 'deleted', undefined, 'down'],
    ['live', 'deleted', 'a', 'recovered'],
    ['live', 'live', 'a', 'recovered'],
    ['live', 'deleted', 'b', 'failed-over'],
    ['stale', 'deleted', 'a', 'down'],
  ])('a %s, b %s, rewritten %s → %s', (a, b, rewritten, expected) => {
    expect(renditionState(copies(a, b), rewritten)).toBe(expected);
  });

  it('a single pipeline is healthy or down', () => {
    expect(renditionState([{ pipeline: 'a', status: 'live' }])).toBe('healthy');
    expect(renditionState([{ pipeline: 'a', status: 'deleted' }])).toBe('down');
  });
});

describe('renditionTransition: every pair of states', () => {
  const states: (RenditionState | undefined)[] = [
    undefined,
    'healthy',
    'failed-over',
    'down',
    'recovered',
  ];
  const expected: Record<RenditionState, string> = {
    healthy: 'none',
    'failed-over': 'failover',
    down: 'down',
    recovered: 'recovery',
  };
  const cases = states.flatMap((from) =>
    (['healthy', 'failed-over', 'down', 'recovered'] as const).map((to) => [from, to] as const),
  );
  it.each(cases)('%s → %s', (from, to) => {
    const transition = renditionTransition(from, to);
    const changed = from !== to || to === 'recovered';
    expect(transition).toEqual({ changed, event: changed ? expected[to] : 'none' });
  });

  it('a second deletion while failed over or down is no new event', () => {
    expect(renditionTransition('failed-over', 'failed-over').event).toBe('none');
    expect(renditionTransition('down', 'down').event).toBe('none');
  });
});

describe('channelState: the worst of its renditions', () => {
  it.each<[RenditionState[], RenditionState | undefined]>([
    [[], undefined],
    [['healthy', 'healthy'], 'healthy'],
    [['healthy', 'recovered'], 'recovered'],
    [['recovered', 'failed-over'], 'failed-over'],
    [['healthy', 'down', 'failed-over'], 'down'],
  ])('%p → %s', (states, expected) => {
    expect(channelState(states)).toBe(expected);
  });
});

describe('mayDeleteCopy: the all-stale policy', () => {
  it.each<['delete' | 'keep-last', CopyStatus[], boolean]>([
    ['delete', ['live'], true],
    ['delete', ['stale'], true],
    ['delete', ['unknown'], true],
    ['delete', [], true],
    ['keep-last', ['live'], true],
    ['keep-last', ['stale', 'live'], true],
    ['keep-last', ['stale'], false],
    ['keep-last', ['deleted'], false],
    ['keep-last', ['unknown'], false],
    ['keep-last', [], false],
  ])('%s with other copies %p → delete: %s', (policy, others, expected) => {
    expect(
      mayDeleteCopy(
        policy,
        others.map((status, i) => ({ pipeline: `p${i}`, status })),
      ),
    ).toBe(expected);
  });
});
