import {
  copiesOf,
  copyOf,
  formatPipelines,
  parsePipelines,
  pipelinesOfBuckets,
  type Pipeline,
} from './pipelines';

const twoBuckets: Pipeline[] = [
  { name: 'a', bucket: 'origin-a', prefix: '' },
  { name: 'b', bucket: 'origin-b', prefix: '' },
];
const oneBucket: Pipeline[] = [
  { name: 'a', bucket: 'origin', prefix: 'pipeline-a/' },
  { name: 'b', bucket: 'origin', prefix: 'pipeline-b/' },
];

describe('parsePipelines', () => {
  it.each([
    ['a=origin-a,b=origin-b', twoBuckets],
    [' a = origin-a , b=origin-b ,', twoBuckets],
    ['a=origin/pipeline-a/,b=origin/pipeline-b/', oneBucket],
    ['x=origin', [{ name: 'x', bucket: 'origin', prefix: '' }]],
    ['a=origin/live/a/', [{ name: 'a', bucket: 'origin', prefix: 'live/a/' }]],
  ])('reads %p', (text, expected) => {
    expect(parsePipelines(text)).toEqual({ ok: true, pipelines: expected });
  });

  it.each([
    ['', /no pipeline given/],
    ['origin-a', /not name=bucket/],
    ['a=', /not a valid S3 bucket name/],
    ['=origin-a', /not a pipeline name/],
    ['a=Origin_A', /not a valid S3 bucket name/],
    ['a=origin/pipeline-a', /must end with "\/"/],
    ['a=origin//a/', /must end with "\/" and not start with "\/"/],
    ['a=origin-a,a=origin-b', /listed twice/],
    ['a=origin-a,b=origin-a', /overlaps pipeline "a"/],
    ['a=origin/live/,b=origin/live/b/', /overlaps pipeline "a"/],
    ['a=origin/x/,b=origin', /overlaps pipeline "a"/],
  ])('rejects %p with a clear problem', (text, problem) => {
    const result = parsePipelines(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toMatch(problem);
  });

  it('lists every problem at once', () => {
    const result = parsePipelines('=x,b=Bad');
    expect(result.ok ? [] : result.problems).toHaveLength(3);
  });

  it('formats back to what it parsed', () => {
    const text = 'a=origin/pipeline-a/,b=origin-b';
    const parsed = parsePipelines(text);
    expect(parsed.ok && formatPipelines(parsed.pipelines)).toBe(text);
  });
});

describe('copyOf and copiesOf', () => {
  it.each([
    [
      twoBuckets,
      'origin-a',
      'live-1/720p.m3u8',
      { pipeline: 'a', renditionId: 'live-1/720p.m3u8' },
    ],
    [
      twoBuckets,
      'origin-b',
      'live-1/720p.m3u8',
      { pipeline: 'b', renditionId: 'live-1/720p.m3u8' },
    ],
    [twoBuckets, 'elsewhere', 'live-1/720p.m3u8', undefined],
    [
      oneBucket,
      'origin',
      'pipeline-b/live-1/720p.m3u8',
      { pipeline: 'b', renditionId: 'live-1/720p.m3u8' },
    ],
    [oneBucket, 'origin', 'other/live-1/720p.m3u8', undefined],
    [oneBucket, 'origin', 'pipeline-a/', undefined],
  ])('%#: %s/%s is a copy of %p', (pipelines, bucket, key, expected) => {
    expect(copyOf(pipelines, bucket, key)).toEqual(expected);
  });

  it('maps a rendition to each pipeline copy, and each copy back to the rendition', () => {
    for (const pipelines of [twoBuckets, oneBucket]) {
      const copies = copiesOf(pipelines, 'live-1/720p.m3u8');
      expect(copies.map((c) => c.pipeline)).toEqual(['a', 'b']);
      for (const copy of copies) {
        expect(copyOf(pipelines, copy.bucket, copy.key)).toEqual({
          pipeline: copy.pipeline,
          renditionId: 'live-1/720p.m3u8',
        });
      }
    }
    expect(copiesOf(oneBucket, 'x/y.m3u8')[1]).toEqual({
      pipeline: 'b',
      bucket: 'origin',
      key: 'pipeline-b/x/y.m3u8',
    });
  });

  it('defaults to one pipeline per bucket, named by it, same layout', () => {
    expect(pipelinesOfBuckets(['origin-a', 'origin-b'])).toEqual([
      { name: 'origin-a', bucket: 'origin-a', prefix: '' },
      { name: 'origin-b', bucket: 'origin-b', prefix: '' },
    ]);
  });
});
