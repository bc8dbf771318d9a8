import {
  DOC_BEGIN,
  DOC_END,
  DocUpdateError,
  demoteHeadings,
  replaceGeneratedBlock,
} from './generated-block';

describe('the generated block of docs/performance.md', () => {
  it('replaces only what lies between the markers', () => {
    const doc = `# Title\n\nintro\n\n${DOC_BEGIN}\n\nold numbers\n\n${DOC_END}\n\noutro\n`;
    const updated = replaceGeneratedBlock(doc, 'new numbers');
    expect(updated).toBe(
      `# Title\n\nintro\n\n${DOC_BEGIN}\n\nnew numbers\n\n${DOC_END}\n\noutro\n`,
    );
    expect(replaceGeneratedBlock(updated, 'new numbers')).toBe(updated);
  });

  it('refuses a document without the markers', () => {
    expect(() => replaceGeneratedBlock('# Title\n', 'x')).toThrow(DocUpdateError);
    expect(() => replaceGeneratedBlock(`${DOC_END}\n${DOC_BEGIN}`, 'x')).toThrow(DocUpdateError);
  });

  it('nests the report one heading level down, leaving other lines alone', () => {
    expect(demoteHeadings('# A\n## B\ntext # not a heading\n###### six')).toBe(
      '## A\n### B\ntext # not a heading\n###### six',
    );
  });
});
