import { describe, expect, it } from 'vitest';
import { DatasetIssues } from '../../src/data/dataset-issues.js';
import { readCsvDocuments } from '../../src/data/read-csv-documents.js';

function read(text: string) {
  const issues = new DatasetIssues();
  const docs = readCsvDocuments({ text, id: 'kb/faq', label: 'kb/faq.csv', fallbackTitle: 'faq', issues });
  return { docs, problems: issues.list() };
}

describe('readCsvDocuments', () => {
  it('reads one document a row when the header has a text column (id and title optional, any case)', () => {
    const { docs, problems } = read(
      'ID,Title,Text,extra\nd1,Refunds,"Refunds take\n5 days.",x\n,,  Shipping is free.  ,y\n',
    );
    expect(problems).toEqual([]);
    expect(docs).toEqual([
      { doc: { id: 'd1', title: 'Refunds', text: 'Refunds take\n5 days.' }, source: 'kb/faq.csv:2' },
      { doc: { id: 'kb/faq#2', title: undefined, text: 'Shipping is free.' }, source: 'kb/faq.csv:4' },
    ]);
  });

  it('makes a table without a text column one document of " | "-joined rows', () => {
    const { docs } = read('city,population\nParis, 2102650\n"Lyon, FR",522250\n');
    expect(docs).toEqual([
      { doc: { id: 'kb/faq', title: 'faq', text: 'city | population\nParis | 2102650\nLyon, FR | 522250' } },
    ]);
  });

  it('names the line of broken quoting', () => {
    expect(read('id,text\na,"open\n').problems).toEqual([
      'kb/faq.csv:2: Quote Not Closed: the parsing is finished with an opening quote at line 2 — fix the CSV quoting or column count on that line',
    ]);
    expect(read('a,b\n1,"x\n').docs).toEqual([]);
  });
});
