/**
 * The cell editor: CodeMirror 6 with the least it needs (TypeScript highlighting, history,
 * bracket matching, the default keys). Loaded on the first interaction with a cell; until
 * then the page shows the code Expressive Code highlighted at build time. Tokens get classes
 * (tok-*) that Cell.astro colours with Expressive Code's palette, in the site's light and dark
 * themes, so the swap does not flash. Long lines wrap exactly as Expressive Code wraps them at
 * build time (its `wrap` with `hangingIndent`, see Cell.astro): same padding, gutter border,
 * white-space and hanging indent, so the swap does not move the text and the `// =>` comments
 * with the expected results are never clipped.
 *
 * Keys: Ctrl/Cmd+Enter runs, Escape leaves the editor (focus goes to the Run button), Tab
 * is left to the browser so the editor is never a keyboard trap.
 */
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec, RangeSetBuilder, StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, highlightSpecialChars, keymap, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { tagHighlighter, tags as t } from '@lezer/highlight';
import { minimalSetup } from 'codemirror';
import { INVISIBLE } from './invisible';

export interface EditorOptions {
  label: string;
  onRun(): void;
  onEscape(): void;
  onChange(code: string): void;
}

export interface Editor {
  readonly view: EditorView;
  code(): string;
  setCode(code: string): void;
  focus(at?: number): void;
  /** Marks a line (1-based) as the place of an error, or clears the mark. */
  markError(line?: number): void;
}

/** Token classes in the roles Expressive Code's Night Owl theme colours. */
const highlighter = tagHighlighter([
  { tag: [t.keyword, t.operator, t.definitionOperator, t.derefOperator, t.separator], class: 'tok-kw' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.variableName)], class: 'tok-fn' },
  { tag: [t.string, t.special(t.string), t.regexp], class: 'tok-str' },
  { tag: [t.number, t.bool, t.null, t.atom], class: 'tok-num' },
  { tag: t.comment, class: 'tok-com' },
  { tag: [t.typeName, t.className, t.namespace], class: 'tok-type' },
]);

const setError = StateEffect.define<number | undefined>();
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    if (tr.docChanged) marks = Decoration.none;
    for (const e of tr.effects) {
      if (!e.is(setError)) continue;
      const line = e.value;
      marks = line !== undefined && line >= 1 && line <= tr.state.doc.lines
        ? Decoration.set([Decoration.line({ class: 'cm-cell-error-line' }).range(tr.state.doc.line(line).from)])
        : Decoration.none;
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Columns a wrapped line continues past its own indentation: Cell.astro's HANGING. */
const HANGING = 2;

/** Each line's indentation plus HANGING, as --cell-indent: Expressive Code's --ecIndent, which counts a tab as one. */
function indents(view: EditorView): DecorationSet {
  const marks = new RangeSetBuilder<Decoration>();
  const { doc } = view.state;
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to;) {
      const line = doc.lineAt(pos);
      const lead = /^\s*/.exec(line.text)![0].length;
      marks.add(line.from, line.from, Decoration.line({ attributes: { style: `--cell-indent: ${lead + HANGING}ch` } }));
      pos = line.to + 1;
    }
  }
  return marks.finish();
}

const hangingIndent = ViewPlugin.fromClass(class {
  decorations: DecorationSet;
  constructor(view: EditorView) {
    this.decorations = indents(view);
  }
  update(u: ViewUpdate) {
    if (u.docChanged || u.viewportChanged) this.decorations = indents(u.view);
  }
}, { decorations: (v) => v.decorations });

const theme = EditorView.theme({
  '&': { fontSize: 'var(--ec-codeFontSize)', backgroundColor: 'var(--ec-codeBg)', color: 'var(--ec-codeFg)' },
  '.cm-scroller': { fontFamily: 'var(--ec-codeFontFml)', lineHeight: 'var(--ec-codeLineHt)' },
  '.cm-content': { padding: 'var(--ec-codePadBlk) 0', caretColor: 'var(--ec-codeFg)' },
  // Expressive Code's .ec-line .code: a transparent gutter border, the padding less that border,
  // and the hanging indent (the first row pulled back by text-indent).
  '.cm-line': {
    borderLeft: 'var(--ec-gtrBrdWd) solid transparent',
    padding: '0 var(--ec-codePadInl) 0 calc(var(--cell-indent, 0ch) + var(--ec-codePadInl) - var(--ec-gtrBrdWd))',
    textIndent: 'calc(var(--cell-indent, 0ch) * -1)',
  },
  '.cm-line *': { textIndent: '0' },
  // Expressive Code keeps the first line clear of its copy button, which stays over the editor.
  '.cm-line:first-child': { paddingRight: 'calc(2rem + var(--ec-codePadInl))' },
  '&.cm-focused': { outline: '2px solid var(--sl-color-accent)', outlineOffset: '-2px' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--ec-codeSelBg) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--ec-codeFg)' },
});

export function createEditor(parent: HTMLElement, doc: string, options: EditorOptions): Editor {
  const keys = Prec.highest(keymap.of([
    { key: 'Mod-Enter', run: () => (options.onRun(), true) },
    { key: 'Escape', run: () => (options.onEscape(), true) },
  ]));
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        keys,
        minimalSetup,
        // CodeMirror marks some invisible characters; mark every bidirectional and zero-width one too.
        highlightSpecialChars({ addSpecialChars: INVISIBLE }),
        javascript({ typescript: true }),
        syntaxHighlighting(highlighter),
        bracketMatching(),
        indentOnInput(),
        errorLine,
        EditorView.lineWrapping,
        hangingIndent,
        theme,
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    code: () => view.state.doc.toString(),
    setCode(code) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
    },
    focus(at) {
      view.focus();
      if (at !== undefined) view.dispatch({ selection: { anchor: Math.min(at, view.state.doc.length) }, scrollIntoView: true });
    },
    markError(line) {
      view.dispatch({ effects: setError.of(line) });
    },
  };
}
