/**
 * The site's own visible strings in English: one table per language (site/i18n/th.ts has
 * the same keys, checked by the type Messages), read through t() in site/i18n/index.ts.
 * Starlight's UI strings (search, theme, "On this page") are Starlight's and live in its
 * tables plus site/content/i18n/; the core's error messages stay English (they are the API)
 * and a page wraps them in its language ('figure.error.lead').
 * Placeholders are {name}; t() fills them.
 */
export const en = {
  // Figures (site/components/Figure.astro, site/lib/figure.ts)
  'figure.settings': 'Figure settings',
  'figure.play': 'Play',
  'figure.pause': 'Pause',
  'figure.step': 'Step',
  'figure.error.lead': 'No figure for these settings: the operator itself refuses them. Change a setting to bring the figure back.',
  'figure.error.summary': 'No figure: {message}',

  // Cells (site/components/Cell.astro, site/cells/**): not wired yet, see site/i18n/TRANSLATING.md
  'cell.run': 'Run',
  'cell.run.title': 'Run this cell (Ctrl+Enter or ⌘+Enter in the editor)',
  'cell.stop': 'Stop',
  'cell.stop.title': 'Stop this cell: restarts the runtime',
  'cell.reset': 'Reset',
  'cell.reset.title': 'Back to the verified original',
  'cell.share': 'Share',
  'cell.share.title': "Put this code in the page's link and copy it",
  'cell.runAll': 'Run all',
  'cell.runAll.title': 'Run every cell on this page, in order',
  'cell.toolbar': 'Run {title}',
  'cell.output': 'Output of {title}',
  'cell.code': 'Code of {title}: focus to edit it',
  'cell.code.editor': 'Code of {title}. Ctrl+Enter runs it, Escape leaves the editor.',
  'cell.status.starting': 'Starting the runtime…',
  'cell.status.loadFailed': 'The runtime could not load: {message}',
  'cell.status.resetDone': 'Reset to the verified original.',
  'cell.status.linkCopied': 'Link copied',
  'cell.status.linkInBar': 'The link is in the address bar',
  'cell.status.linkOriginal': ' (the verified original)',
  'cell.status.linkEdited': ': it opens this page with your code, which will not run until the reader presses Run',
  'cell.notice.linkCode': 'This code came with the link you opened and is not the verified example. It has not run: read it, then press Run.',
  'cell.notice.linkUnreadable': 'The link you opened carries code for this cell that could not be read; the verified example is shown.',
  'cell.action.reset': 'Reset to the verified original',
  'cell.status.notRun': 'Not run.',
  'cell.status.notRunStopped': 'Not run: an earlier cell was stopped.',
  'cell.status.notRunFailed': 'Not run: an earlier cell failed.',
  'cell.status.timeout': 'Stopped: still running after {limit}, the time limit.',
  'cell.status.stoppedAfter': 'Stopped after {after}.',
  'cell.output.timeout': 'stopped at the time limit ({limit})',
  'cell.output.stoppedAfter': 'stopped after {after}',
  'cell.notice.lost': 'The runtime restarted, so what earlier runs defined is gone.',
  'cell.notice.timeout': 'This cell ran past its time limit of {limit}, so it was stopped.',
  'cell.action.runAbove': 'Run the cells above',
  'cell.status.stale': 'Ran before the runtime restarted: run it again to bring back what it defined.',
  'cell.status.waiting': 'Waiting for the cells before it…',
  'cell.notice.depends': 'This cell uses {parts}.',
  'cell.notice.dependsJoin': '; and ',
  'cell.action.runThrough': 'Run the cells above, then this one',
  'cell.status.syntax': 'Syntax error on line {line}.',
  'cell.status.running': 'Running…',
  'cell.status.ticker': 'Running… {elapsed} s (stops at {limit})',
  'cell.status.ran': 'Ran in {time}.',
  'cell.status.failed': 'Failed after {time}: see the message below.',
  'cell.sentenceEnd': '.',
  'cell.notice.invisibleOne': ' Careful: it contains {count} invisible or text-direction character ({names}), which can make code read differently from what runs; the editor marks each one.',
  'cell.notice.invisibleMany': ' Careful: it contains {count} invisible or text-direction characters ({names}), which can make code read differently from what runs; the editor marks each one.',
  'cell.notice.resetRestart': "The runtime restarted, so what this cell's edited code defined or changed is gone.",
  'cell.budget': '{blocks} output blocks or {millions} million characters',
  'cell.output.budget': 'stopped: its output passed {budget}',
  'cell.output.failure': 'stopped: the runtime failed ({why})',
  'cell.status.budget': 'Stopped: its output passed the limit of {budget}.',
  'cell.status.failure': 'Stopped: the runtime failed.',
  'cell.notice.budget': 'This cell showed more output than a run may ({budget}), so it was stopped.',
  'cell.notice.failure': 'The runtime failed: {why}.',
  'cell.status.skipped': 'Skipped: this cell holds code from a link, which runs only from its own Run button.',
  'cell.notice.callbackBudget': 'A callback of this cell showed more output than a run may ({budget}), so the runtime was restarted.',
  'cell.status.callbackBudget': 'Its callbacks showed too much output: the runtime restarted.',
  'cell.status.callbackThrew': 'A callback of this cell threw after it finished.',
  'cell.notice.linkRestart': 'This code came with a link, so the runtime restarted after it ran: nothing it defined or changed reaches the other cells.',
  'cell.depends.part': '{names} from {title} (cell {n}), which {when}',
  'cell.depends.notSince': 'has not run since the runtime restarted',
  'cell.depends.notYet': 'has not run yet',
  'cell.ms': '{n} ms',
  'cell.s': '{n} s',
  'cell.out.moreSlices': '… {n} more slices not shown',
  'cell.out.moreRows': '… {n} more rows not shown',
  'cell.out.line': 'line {line}: ',

  // Notebook links (site/components/Notebook.astro): not wired yet
  'notebook.lead': 'Run this chapter as a notebook.',
  'notebook.html': 'Read it executed',
  'notebook.download': 'download {file}',
  'notebook.kernel': '(TypeScript, tslab kernel; see {link}).',
  'notebook.kernelLink': 'Notebooks',
  'notebook.english': '',
  'notebook.missing': '{file} (run {command} to publish it executed here).',

  // Glossary page (site/components/Glossary.astro)
  'glossary.term': 'Term',
  'glossary.thai': 'Thai',
  'glossary.symbol': 'Symbol',
  'glossary.definition': 'Definition',
  'glossary.where': 'Explained in',
  'glossary.misleading': 'Machine translation wrote',
  'glossary.why': 'Why it misleads',
} as const;

/** Every key of the English table. */
export type MessageKey = keyof typeof en;
/** A table for one language: every English key, no other (th.ts is typed with it). */
export type Messages = { readonly [K in MessageKey]: string };
