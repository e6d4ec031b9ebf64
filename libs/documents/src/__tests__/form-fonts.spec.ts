import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { FIXED_CHARSET, fixedSetFont } from '@tthc/signing';
import { PDFDocument } from 'pdf-lib';

/**
 * The forms lay text out word by word (form-fonts.ts, `byWord`): the same glyphs as the whole
 * line only while no GSUB lookup applied with the forms' features involves a space. This checks
 * that property of the bundled Be Vietnam Pro, so a font update that breaks it fails here.
 */
const FILES = [
  '@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf',
  '@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf',
  '@expo-google-fonts/be-vietnam-pro/400Regular_Italic/BeVietnamPro_400Regular_Italic.ttf',
];
const FEATURES = { liga: false, clig: false, dlig: false };
/** fontkit's GSUB features for Latin text (common + horizontal), less those the forms turn off */
const APPLIED = ['ccmp', 'locl', 'rlig', 'calt', 'clig', 'liga', 'rclt'].filter((f) => !(f in FEATURES));

type Coverage = { version: number; glyphs?: number[]; rangeRecords?: Array<{ start: number; end: number }> };
const glyphsOf = (c: Coverage): number[] =>
  c.version === 1 ? c.glyphs! : c.rangeRecords!.flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i));

describe('the fonts of the forms', () => {
  it.each(FILES)('%s: no GSUB lookup the forms apply covers the space or the no-break space', (file) => {
    const font = fontkit.create(readFileSync(require.resolve(file))) as unknown as {
      glyphForCodePoint(cp: number): { id: number };
      GSUB: {
        scriptList: Array<{ tag: string; script: { defaultLangSys: { featureIndexes: number[] } } }>;
        featureList: Array<{ tag: string; feature: { lookupListIndexes: number[] } }>;
        lookupList: { get(i: number): { lookupType: number; subTables: Array<Record<string, unknown>> } };
      };
    };
    const spaces = [font.glyphForCodePoint(0x20).id, font.glyphForCodePoint(0xa0).id];
    const lookups = new Set<number>();
    for (const { tag, script } of font.GSUB.scriptList) {
      if (tag !== 'DFLT' && tag !== 'latn') continue;
      for (const i of script.defaultLangSys.featureIndexes) {
        const feature = font.GSUB.featureList[i];
        if (APPLIED.includes(feature.tag)) feature.feature.lookupListIndexes.forEach((l) => lookups.add(l));
      }
    }
    expect(lookups.size).toBeGreaterThan(0);
    for (const index of lookups) {
      const lookup = font.GSUB.lookupList.get(index);
      for (const t of lookup.subTables) {
        let covered: number[];
        if (lookup.lookupType === 4) {
          const sets = (t.ligatureSets as { toArray(): Array<Array<{ components: number[] }>> }).toArray();
          covered = [...glyphsOf(t.coverage as Coverage), ...sets.flat().flatMap((l) => l.components)];
        } else if (lookup.lookupType === 6 && t.version === 3) {
          covered = (['backtrackCoverage', 'inputCoverage', 'lookaheadCoverage'] as const).flatMap((k) => (t[k] as Coverage[]).flatMap(glyphsOf));
        } else {
          throw new Error(`lookup ${index} is of type ${lookup.lookupType} (format ${String(t.version)}): check it for spaces before laying out word by word`);
        }
        expect(covered.filter((g) => spaces.includes(g))).toEqual([]);
      }
    }
  });

  it('a line encoded word by word is the line encoded whole', async () => {
    const chunks = Array.from(FIXED_CHARSET.match(/.{1,7}/gsu) ?? []).join(' ');
    const lines = [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      '  Hưng Yên, ngày 30 tháng 06 năm 2025  ',
      'Số:\u00a0……/……   Mã hồ sơ: STP.MC-261203-0001 · Mẫu số 01 · Trang 1/2',
      'Nguyễn Văn Thử, CCCD 001090012345 — “Trực tuyến (Cổng Dịch vụ công)”',
      chunks,
    ];
    for (const file of FILES) {
      const data = readFileSync(require.resolve(file));
      const doc = await PDFDocument.create();
      const whole = await (await fixedSetFont(data, 'TTHCXX+Test', FEATURES)).embed(doc);
      const byWord = await (await fixedSetFont(data, 'TTHCXX+Test', FEATURES, { byWord: true })).embed(doc);
      for (const line of lines) expect(byWord.encodeText(line).asString()).toBe(whole.encodeText(line).asString());
    }
  });
});
