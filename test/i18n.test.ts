/**
 * The Thai edition's sources: every English page has a Thai twin under site/content/docs/th/
 * and the reverse, with the same figures, cells, snippets and notebooks in the same order; no
 * Thai page or Thai message uses a misleading machine-translation word from the glossary; the
 * Thai message table has every key of the English one with the same placeholders; and the
 * glossary is one term per concept. Pages not translated yet are listed in PENDING: phase-2
 * translators empty it (the test fails when a listed page has a twin, so the list only shrinks).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../site/i18n/en';
import { th } from '../site/i18n/th';
import { langOf, t } from '../site/i18n';
import { bannedWords, glossary } from '../site/i18n/glossary';
import { PENDING } from './i18nPending';
import { rehypeThaiTerms } from '../site/i18n/rehype-thai-terms';

const docs = resolve(__dirname, '../site/content/docs');
const thaiDocs = resolve(docs, 'th');


const slugs = (dir: string) => readdirSync(dir).filter((f) => /\.mdx?$/.test(f)).map((f) => f.replace(/\.mdx?$/, '')).sort();
const source = (dir: string, slug: string) => {
  const file = ['.mdx', '.md'].map((ext) => resolve(dir, slug + ext)).find(existsSync);
  if (!file) throw new Error(`no page ${slug} in ${dir}`);
  return readFileSync(file, 'utf8');
};

/** The live parts of a page, in order (self-closing tags): <Figure name id>, <Cell name id>, <Snippet name>, <Notebook name>, <Glossary>. */
function parts(mdx: string): string[] {
  return Array.from(mdx.matchAll(/<(Figure|Cell|Snippet|Notebook|Glossary)\b([\s\S]*?)\/>/g), ([, tag, attrs]) => {
    const attr = (name: string) => attrs.match(new RegExp(`\\b${name}=["'{]([^"'}]*)`))?.[1];
    return [tag, attr('name'), attr('id')].filter(Boolean).join(' ');
  });
}

describe('Thai twins', () => {
  const english = slugs(docs);
  const thai = slugs(thaiDocs);

  it('every Thai page has an English twin', () => {
    expect(thai.filter((slug) => !english.includes(slug))).toEqual([]);
  });

  it('every English page has a Thai twin, except those still PENDING (printed; the list must shrink to empty)', () => {
    const missing = english.filter((slug) => !thai.includes(slug));
    console.log(`Thai twins PENDING (${PENDING.length}): ${PENDING.join(', ') || 'none'}`);
    expect(missing, 'a page listed here has a Thai twin now, or one is missing that is not listed: update PENDING').toEqual([...PENDING].sort());
  });

  for (const slug of thai.filter((s) => english.includes(s))) {
    it(`${slug}: the same figures, cells, snippets and notebooks in the same order`, () => {
      expect(parts(source(thaiDocs, slug))).toEqual(parts(source(docs, slug)));
    });
  }
});

describe('no misleading machine-translation word', () => {
  it('the glossary lists the words the tests ban', () => {
    // Hand-picked from ../shared/question: the issue names these four.
    for (const word of ['การบิด', 'ความสับสน', 'การโน้มน้าวใจ', 'ชั้นสับสนขนย้าย', 'กางเกงของการส่งออก', 'การไล่ระดับสี']) {
      expect(bannedWords).toContain(word);
    }
  });

  for (const slug of slugs(thaiDocs)) {
    it(`th/${slug} uses none`, () => {
      const text = source(thaiDocs, slug);
      expect(bannedWords.filter((word) => text.includes(word))).toEqual([]);
    });
  }

  it('the Thai message table uses none', () => {
    const text = Object.values(th).join('\n');
    expect(bannedWords.filter((word) => text.includes(word))).toEqual([]);
  });

  it('no chosen Thai term contains one', () => {
    for (const term of glossary) expect(bannedWords.filter((word) => term.thai.includes(word)), term.id).toEqual([]);
  });

  const question = resolve(__dirname, '../../shared/question/what-are-deconvolutional-layers.th.txt');
  it.skipIf(!existsSync(question))('every misleading word is quoted from the machine translation', () => {
    const text = readFileSync(question, 'utf8');
    const quoted = glossary.flatMap((term) => term.misleading.map((m) => m.word));
    expect(quoted.filter((word) => !text.includes(word))).toEqual([]);
  });
});

describe('message tables', () => {
  it('th has every key of en and no other', () => {
    expect(Object.keys(th).sort()).toEqual(Object.keys(en).sort());
  });

  it('th says something wherever en does, with the same placeholders', () => {
    const holes = (text: string) => Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      if (en[key] !== '') expect(th[key], key).not.toBe('');
      expect(holes(th[key]), key).toEqual(holes(en[key]));
    }
  });

  it('t() picks the language and fills placeholders', () => {
    expect(t('cell.run', 'th')).toBe('รัน');
    expect(t('cell.run', 'en')).toBe('Run');
    expect(t('cell.toolbar', 'en', { title: 'scatter.ts' })).toBe('Run scatter.ts');
    expect(t('cell.toolbar', 'th-TH', { title: 'scatter.ts' })).toBe('รัน scatter.ts');
    expect(t('cell.toolbar', 'th')).toBe('รัน {title}'); // an unfilled placeholder stays visible
  });

  it("every benchmark case (bench/results/latest.json) has a Thai title whose English twin is the bench's own title", () => {
    const { cases } = JSON.parse(readFileSync(resolve(__dirname, '../bench/results/latest.json'), 'utf8')) as { cases: { id: string; title: string }[] };
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) expect(en[`bench.case.${c.id}` as keyof typeof en], c.id).toBe(c.title);
  });

  it('langOf reads Astro.currentLocale and <html lang>', () => {
    expect([langOf('th'), langOf('th-TH'), langOf('TH'), langOf(undefined), langOf('root'), langOf('en'), langOf('thx')]).toEqual(['th', 'th', 'th', 'en', 'en', 'en', 'en']);
  });
});

describe('glossary', () => {
  it('one Thai term per concept: ids, Thai and English terms are unique', () => {
    const dupes = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
    expect(dupes(glossary.map((g) => g.id))).toEqual([]);
    expect(dupes(glossary.map((g) => g.thai))).toEqual([]);
    expect(dupes(glossary.map((g) => g.english))).toEqual([]);
  });

  it('covers the terms the issue names', () => {
    const english = glossary.map((g) => g.english).join('|');
    for (const term of ['convolution', 'transposed convolution', 'deconvolution', 'stride', 'padding', 'output padding', 'dilation', 'kernel',
      'channel', 'group', 'depthwise', 'up-sampling', 'down-sampling', 'zero insertion', 'scatter', 'im2col', 'col2im', 'GEMM', 'gradient',
      'backpropagation', 'Toeplitz', 'polyphase', 'bilinear', 'nearest', 'checkerboard artifact', 'sub-pixel', 'pixel shuffle', 'output stride',
      'feature map', 'weight sharing', 'pseudo-inverse', 'adjoint']) {
      expect(english, term).toContain(term);
    }
  });

  it('every link names an English page (its Thai twin sits at the same path under /th/)', () => {
    const english = slugs(docs);
    for (const g of glossary) expect(english, `${g.id} -> ${g.link}`).toContain(g.link.replace(/\/$/, '') || 'index');
  });

  it('every entry has a Thai and an English definition', () => {
    for (const g of glossary) {
      expect(g.definition, g.id).toMatch(/[\u0E00-\u0E7F]/);
      expect(g.definitionEn, g.id).toMatch(/^[^\u0E00-\u0E7F]+$/);
      for (const m of g.misleading) expect(m.why, `${g.id}: ${m.word}`).toMatch(/[\u0E00-\u0E7F]/);
    }
  });
});

describe('rehypeThaiTerms', () => {
  const text = (value: string) => ({ type: 'text', value });
  const tree = () => ({
    type: 'root',
    children: [
      { type: 'element', tagName: 'p', children: [text('เลื่อนด้วยสไตรด์ 2 แล้วคอนโวลูชัน')] },
      { type: 'element', tagName: 'code', children: [text('สไตรด์')] },
      { type: 'element', tagName: 'span', properties: { className: ['katex'] }, children: [text('สไตรด์')] },
    ],
  });

  it('wraps glossary terms on Thai pages, outside code and math, keeping the text', () => {
    const root = tree();
    rehypeThaiTerms()(root, { path: '/x/site/content/docs/th/scatter.mdx' });
    const p = root.children[0] as { children: { type: string; value?: string; children?: { value: string }[] }[] };
    expect(p.children.map((c) => (c.type === 'text' ? c.value : `[${c.children![0].value}]`))).toEqual(['เลื่อนด้วย', '[สไตรด์]', ' 2 แล้ว', '[คอนโวลูชัน]']);
    expect(root.children[1].children).toEqual([text('สไตรด์')]);
    expect(root.children[2].children).toEqual([text('สไตรด์')]);
  });

  it('leaves English pages alone', () => {
    const root = tree();
    rehypeThaiTerms()(root, { path: '/x/site/content/docs/scatter.mdx' });
    expect(root).toEqual(tree());
  });
});
