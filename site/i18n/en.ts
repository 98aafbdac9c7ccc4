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

  // Static tables of the question chapter (site/components/QuestionCost.astro, RoundTrip.astro, FcnKernelTable.astro)
  'table.cost.caption': "A 2× up-sampling layer, {channels} → {channels} channels, {n}×{n} → {nOut}×{nOut}, k = {k}, s = {s}, p = {p}: multiply-adds counted on the core's own intermediates, and each view timed on the machine that built this page (best of three; the two views agree to {agreement}).",
  'table.cost.view': 'view',
  'table.cost.macs': 'multiply-adds',
  'table.cost.useful': 'of which with a non-zero input',
  'table.cost.time': 'time at build',
  'table.cost.ms': '{ms} ms',
  'table.cost.zeroInsertion': 'zero insertion',
  'table.cost.zeroInsertion.how': 'stride-1 convolution of the stretched, padded input',
  'table.cost.scatter': 'transpose',
  'table.cost.scatter.how': 'every input value times every tap',
  'table.cost.fast': "the core's fast kernel",
  'table.cost.fast.how': "the transpose's products, as a matrix product",
  'table.roundTrip.caption': 'Convolve a random 8×8 image, then transposed-convolve the result with the same filters: how far is {expr} from {x}?',
  'table.roundTrip.filters': 'filters',
  'table.roundTrip.haar4': 'four 2×2 Haar filters, stride 2 (orthonormal, complete)',
  'table.roundTrip.haar2': 'two of those Haar filters (orthonormal, incomplete)',
  'table.roundTrip.box': 'one 2×2 box of ones, stride 2',
  'table.fcnKernel.caption': "FCN's kernel for f = {f} (k = {k}, s = {f}); phase sums at stride {f}: {phases}.",
  'snippet.api': 'In the API reference:',
} as const;

/** Every key of the English table. */
export type MessageKey = keyof typeof en;
/** A table for one language: every English key, no other (th.ts is typed with it). */
export type Messages = { readonly [K in MessageKey]: string };
