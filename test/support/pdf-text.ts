import { execFile } from 'node:child_process';

/**
 * The text of a PDF, extracted by pdf-parse (Mozilla's pdf.js) in a child Node process: pdf.js
 * loads its worker by a dynamic import, which jest's module system cannot run. What a PDF
 * reader would find and copy is what the tests check.
 */
const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const { text } = await parser.getText();
  await parser.destroy();
  process.stdout.write(text);
});`;

export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', SCRIPT],
      { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`pdf-parse failed: ${stderr || error.message}`)) : resolve(stdout)),
    );
    child.stdin!.end(pdf);
  });
}
