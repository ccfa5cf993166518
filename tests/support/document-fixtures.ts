import * as docxModule from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

// docx 9.7's type declarations re-export with extensionless paths ('./file'), which NodeNext
// resolution cannot follow, so its members look missing to tsc: type the part used here.
interface DocxApi {
  Document: new (options: { sections: Array<{ children: unknown[] }> }) => object;
  Paragraph: new (options: { text: string; heading?: string }) => object;
  HeadingLevel: { HEADING_1: string; HEADING_2: string; HEADING_3: string };
  Packer: { toBuffer(document: object): Promise<Uint8Array> };
}
const { Document, HeadingLevel, Packer, Paragraph } = docxModule as unknown as DocxApi;

/** A PDF (pdf-lib, Helvetica) with one page per entry, each line drawn as its own text line. */
export async function makePdf(options: { pages: string[][]; title?: string }): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (options.title) pdf.setTitle(options.title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of options.pages) {
    const page = pdf.addPage([612, 792]);
    lines.forEach((line, i) => page.drawText(line, { x: 40, y: 740 - i * 18, size: 11, font }));
  }
  return pdf.save();
}

/**
 * A minimal PDF whose trailer names a Standard security handler (/Encrypt): pdf-lib cannot
 * encrypt, so it is written by hand, with an /O and /U that no empty user password matches,
 * which is what a password-protected PDF looks like to a reader.
 */
export function makeEncryptedPdf(): Uint8Array {
  const key = 'ab'.repeat(32);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${key}> /U <${key}> /P -4 >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  const id = '01'.repeat(16);
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** One block of a generated Word document: a heading (level 1-3) or a body paragraph. */
export type DocxBlock = { heading: 1 | 2 | 3; text: string } | { text: string };

const LEVELS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** A .docx (the docx package) with the blocks in order, headings in Word's Heading styles. */
export async function makeDocx(blocks: readonly DocxBlock[]): Promise<Uint8Array> {
  const children = blocks.map((block) =>
    'heading' in block
      ? new Paragraph({ text: block.text, heading: LEVELS[block.heading] })
      : new Paragraph({ text: block.text }),
  );
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** `n` bytes from a fixed linear congruential sequence: a corrupt file that is the same every run. */
export function garbageBytes(n: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = state >>> 16;
  }
  return bytes;
}
