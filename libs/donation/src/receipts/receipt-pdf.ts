import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { DONATION_TYPE_CODES } from './donation-type-codes';
import { FORM_CERTIFICATION, FORM_REFERENCE, type TaxReceiptDocument } from './tax-receipt';

/**
 * Noto Sans KR (SIL Open Font License 1.1), from the npm package @embedpdf/fonts-kr: the one
 * package found that ships a complete Korean OpenType font file under an open licence
 * (@fontsource packages ship only web fonts split into unicode ranges; pretendard ships OTF
 * too but as a 72 MB package). pdfkit embeds only the glyphs used (a subset), with a
 * ToUnicode map, so the text of the PDF can be searched and extracted.
 */
const FONT_FILE = join(dirname(require.resolve('@embedpdf/fonts-kr')), '..', 'fonts', 'NotoSansKR-Regular.otf');
const BOLD_FONT_FILE = join(dirname(require.resolve('@embedpdf/fonts-kr')), '..', 'fonts', 'NotoSansKR-Bold.otf');

const won = (amount: number | bigint): string => `${amount.toLocaleString('en-US')} 원`;
const MARGIN = 40;
const WIDTH = 595.28 - 2 * MARGIN;

/**
 * The receipt as a PDF laid out as the official form (기부금 영수증, 소득세법 시행규칙 별지
 * 제45호의2서식): ① donor, ② recipient body, ③ fundraiser (none: the chest collects itself),
 * ④ the gifts with code, kind, date and amount, then the certification and the issue date.
 * A cancelled receipt is marked so on every page. Deterministic: no creation date inside.
 */
export function renderReceiptPdf(document: TaxReceiptDocument): Promise<Buffer> {
  const { receipt, recipient, tax, typeCode } = document;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `기부금 영수증 ${receipt.receiptNumber}`,
      Producer: 'goodpay',
      Creator: 'goodpay',
      CreationDate: new Date(receipt.issuedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONT_FILE);
  doc.registerFont('bold', BOLD_FONT_FILE);

  const section = (title: string) => {
    doc.moveDown(0.6).font('bold').fontSize(11).text(title);
    const y = doc.y + 2;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + WIDTH, y)
      .lineWidth(0.5)
      .stroke();
    doc.moveDown(0.3).font('regular').fontSize(10);
  };
  const row = (label: string, value: string) => {
    const y = doc.y;
    doc.font('regular').fontSize(10).text(label, MARGIN, y, { width: 170 });
    doc.text(value, MARGIN + 175, y, { width: WIDTH - 175 });
    doc.x = MARGIN;
  };

  doc.font('regular').fontSize(8).text(FORM_REFERENCE);
  doc.font('regular').fontSize(9).text(`일련번호 ${receipt.receiptNumber}`, { align: 'right' });
  doc.moveDown(0.3).font('bold').fontSize(18).text('기부금 영수증', { align: 'center' });
  if (document.status === 'cancelled')
    doc.font('bold').fontSize(14).fillColor('#b00020').text('취소된 영수증 (CANCELLED)', { align: 'center' }).fillColor('#000');
  if (document.reissuedOn) doc.font('regular').fontSize(9).text(`재발급 ${document.reissuedOn}`, { align: 'center' });

  section('① 기부자');
  row('성명 (법인명)', tax?.legalName ?? receipt.donorName);
  row('주민등록번호 (사업자등록번호)', tax?.maskedRrn ?? '-');
  row('주소 (소재지)', tax?.address ?? '-');

  section('② 기부금 단체');
  row('단체명', recipient.name);
  row('사업자등록번호 (고유번호)', recipient.registrationNumber ?? '-');
  row('소재지', recipient.address ?? '-');
  row('기부금공제대상 공익법인등 근거법령', recipient.legalBasis);

  section('③ 기부금 모집처 (언론기관 등)');
  row('단체명', '해당 없음');
  row('사업자등록번호', '-');
  row('소재지', '-');

  section('④ 기부내용');
  const columns = [
    { title: '코드', width: 40 },
    { title: '구분', width: 50 },
    { title: '연월일', width: 90 },
    { title: '내용 (품명)', width: 205 },
    { title: '금액', width: WIDTH - 385 },
  ];
  const line = (cells: string[], font: 'regular' | 'bold') => {
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((cell, index) => {
      doc
        .font(font)
        .fontSize(9)
        .text(cell, x, y, { width: columns[index].width - 4, align: index === 4 ? 'right' : 'left' });
      x += columns[index].width;
    });
    doc.x = MARGIN;
    doc.y = y + 15;
  };
  line(
    columns.map((c) => c.title),
    'bold',
  );
  for (const item of receipt.items) {
    const what = item.source === 'cashback' ? '지역화폐 캐시백 기부' : '기부천사 가맹점 약정 기부';
    line([typeCode, '금전', item.donatedOn, what, won(item.amount)], 'regular');
  }
  line(['', '', '', '합계', won(receipt.total)], 'bold');
  doc.font('regular').fontSize(8).text(`코드 ${typeCode}: ${DONATION_TYPE_CODES[typeCode]}`);

  doc.moveDown(1.2).font('regular').fontSize(10);
  doc.text(
    '「소득세법」 제34조, 「조세특례제한법」 제58조·제76조·제88조의4 및 「법인세법」 제24조에 따른 기부금을 위와 같이 기부하였음을 증명하여 주시기 바랍니다.',
  );
  doc.moveDown(0.5).text(FORM_CERTIFICATION);
  doc.moveDown(0.5).text(`발급일 ${receipt.issuedOn}`, { align: 'right' });
  doc.text(`기부금 수령인 ${recipient.name} (${recipient.englishName})`, { align: 'right' });
  doc.end();
  return done;
}
