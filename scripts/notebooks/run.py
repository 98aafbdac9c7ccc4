#!/usr/bin/python3
"""Execute the TypeScript (tslab) notebooks headless, then export each to offline HTML.

usage: /usr/bin/python3 scripts/notebooks/run.py [--html-only] [--no-html] [--jobs N]
                                                 [--out DIR] [--html-dir DIR] [NOTEBOOK ...]

  (no NOTEBOOK)  every notebooks/[0-9]*.ipynb
  --out DIR      executed notebooks (default notebooks/.executed, git-ignored)
  --html-dir DIR offline HTML exports and a copy of each executed notebook for download
                 (default site/public/notebooks, git-ignored, which the site serves as
                 /notebooks/NAME.html and /notebooks/NAME.ipynb; env NOTEBOOKS_HTML_DIR)
  --no-html      execute only;  --html-only  export the notebooks already executed in --out
  --jobs N       notebooks executed at once (default 2)

Exits 1 if any cell fails or writes to stderr: tslab reports compile errors, thrown errors
and un-awaited rejections there, and nbclient's own CellExecutionError message is empty for
tslab, so the failing cell's source and stderr are printed instead. A hidden last cell waits
100 ms so that a rejection nobody awaited in the last cell still surfaces; a rejected promise
shown as a cell's value (`Promise { <rejected> ... }`) fails too. Always `await`.

Needs Debian's Jupyter (python3-nbclient, jupyter-nbconvert) and the tslab kernel spec in
.jupyter/ (scripts/setup.sh registers it; so does this script when it is missing). The kernel
runs in the notebook's folder, which tslab uses as the TypeScript rootDir: notebooks import
the core through the committed symlink notebooks/src -> ../src.
"""
import argparse
import base64
import glob
import json
import os
import re
import subprocess
import sys
import time
from html import escape as html_escape
from concurrent.futures import ProcessPoolExecutor, as_completed

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "scripts", "notebooks")
KERNELS = os.path.join(ROOT, ".jupyter", "share", "jupyter")
os.environ["JUPYTER_PATH"] = KERNELS + (os.pathsep + os.environ["JUPYTER_PATH"] if os.environ.get("JUPYTER_PATH") else "")
os.environ["PATH"] = os.path.join(ROOT, "node_modules", ".bin") + os.pathsep + os.environ["PATH"]


WATCH = """{
  const seen: string[] = ((globalThis as any).__deconvStray = []);
  process.on('unhandledRejection', (reason) => seen.push(`unhandled rejection: ${(reason as Error)?.stack ?? reason}`));
  process.on('uncaughtException', (error) => seen.push(`uncaught exception: ${error?.stack ?? error}`));
}"""
DRAIN = """await new Promise((resolve) => setTimeout(resolve, 100));
{
  const seen: string[] = (globalThis as any).__deconvStray;
  if (seen.length) throw new Error(`a promise was not awaited or a timer threw:\\n${seen.join('\\n')}`);
}"""


def ensure_kernel():
    spec = os.path.join(KERNELS, "kernels", "tslab", "kernel.json")
    if os.path.exists(spec):
        return
    tslab = os.path.join(ROOT, "node_modules", ".bin", "tslab")
    if not os.path.exists(tslab):
        sys.exit("notebooks: node_modules/.bin/tslab is missing: run `npm ci` first")
    print("notebooks: registering the tslab kernel in .jupyter/")
    subprocess.run([tslab, "install", f"--python={sys.executable}", f"--prefix={os.path.join(ROOT, '.jupyter')}"],
                   check=True, stdout=subprocess.DEVNULL)


def problems_of(nb):
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        text = []
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                text.append(o.get("text", ""))
            elif o.get("output_type") == "stream" and "<rejected>" in o.get("text", ""):
                text.append("a rejected promise was shown instead of awaited:\n" + o.get("text", ""))
            elif o.get("output_type") == "error":
                text.append(f"{o.get('ename', '')}: {o.get('evalue', '')}\n" + "\n".join(o.get("traceback", [])))
        if text:
            out.append(f"--- cell {i}:\n{cell.source}\n--- error:\n{''.join(text)}")
    return out


def execute(path, out_dir):
    """Runs one notebook in a worker process; returns (path, seconds, problems)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    t0 = time.monotonic()
    # A tslab kernel that does not answer its first request (seen once in ~20 runs on a loaded
    # 2-core machine: "Kernel didn't respond in 60 seconds") gets one more start before the
    # notebook is failed; a cell error is never retried.
    for attempt in (1, 2):
        nb = nbformat.read(path, as_version=4)
        # Hidden first and last cells: record every unhandled rejection and uncaught exception
        # (tslab prints them only into the cell that happens to be running, and loses those that
        # fire between cells), then let pending timers and promises settle and fail if any fired.
        nb.cells.insert(0, nbformat.v4.new_code_cell(WATCH, id="deconv-watch"))
        nb.cells.append(nbformat.v4.new_code_cell(DRAIN, id="deconv-drain"))
        client = NotebookClient(
            nb, kernel_name="tslab", timeout=120, startup_timeout=120, record_timing=True,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        )
        problems = []
        try:
            client.execute()
        except CellExecutionError:
            pass  # the failing cell's stderr/error output is collected below
        except Exception as e:  # kernel died, timeout, ...
            if attempt == 1 and "didn't respond" in str(e):
                print(f"note {path}: the kernel did not start ({e}); starting it once more", flush=True)
                continue
            problems.append(f"--- {type(e).__name__}: {e}")
        break
    seconds = time.monotonic() - t0
    problems += problems_of(nb)
    nb.cells.pop(0)
    drain = nb.cells.pop()
    if problems_of(nbformat.v4.new_notebook(cells=[drain])):
        problems.append("--- after the last cell:\n" + "".join(o.get("text", "") + o.get("evalue", "") for o in drain.outputs))
    nb.metadata["deconv"] = {"executed": not problems, "seconds": round(seconds, 1)}
    nbformat.write(nb, os.path.join(out_dir, os.path.basename(path)))
    return path, seconds, problems


def render_math(paths, tmp_dir):
    """KaTeX (MathML) over the markdown cells; returns {path: rendered copy}. Leaves math raw without katex."""
    os.makedirs(tmp_dir, exist_ok=True)
    r = subprocess.run(["node", os.path.join(HERE, "math.mjs"), tmp_dir, *paths], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"math.mjs failed:\n{r.stderr}")
    if r.stderr.strip():
        print(r.stderr.strip())
    return {p: os.path.join(tmp_dir, os.path.basename(p)) for p in paths}


# The site page of each chapter's notebook (the HTML links back to it): NN -> docs page slug.
CHAPTERS = {"01": "", "02": "scatter", "03": "zero-insertion", "04": "matrix", "05": "gradient",
            "06": "signal-processing", "07": "frameworks", "08": "upsampling"}


def chapter_of(name):
    """(href relative to /notebooks/NAME.html, title) of the notebook's chapter page; the title is the page's."""
    slug = CHAPTERS.get(name[:2])
    if slug is None:
        return "../", "the site"
    title = slug or "deconv"
    mdx = os.path.join(ROOT, "site", "content", "docs", (slug or "index") + ".mdx")
    try:
        with open(mdx, encoding="utf-8") as f:
            front = f.read().split("---", 2)[1]
        for line in front.splitlines():
            if line.startswith("title:"):
                value = line[len("title:"):].strip()
                if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":  # a quoted YAML scalar
                    quote, value = value[0], value[1:-1]
                    value = value.replace("''", "'") if quote == "'" else value.replace('\\"', '"')
                title = value or title
                break
    except (OSError, IndexError):
        pass
    return f"../{slug}/" if slug else "../", title


SVG = re.compile(r"<svg\b.*?</svg>", re.S)
LABEL = re.compile(r'<svg\b[^>]*\baria-label="([^"]*)"')


def svg_as_image(html):
    """Each inline <svg> of an HTML output as an <img> with the same SVG in a data: URI.

    A downloaded notebook is "Not Trusted" (Jupyter trusts only notebooks signed on the reader's own
    machine), and an untrusted notebook's HTML outputs go through Jupyter's sanitizer, which strips
    <svg> elements and leaves their axis labels as loose text. The sanitizer keeps <img> and does not
    check src (notebook 6 and JupyterLab share it: "allowedSchemesAppliedToAttributes: ['href', 'cite']"),
    so the figure shows as an image, untrusted, without re-running the notebook.
    """
    def image(match):
        svg = match.group(0)
        label = LABEL.match(svg)
        alt = html_escape(label.group(1) if label else "figure", quote=True)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return f'<img alt="{alt}" style="max-width: 100%" src="data:image/svg+xml;base64,{data}">'
    return SVG.sub(image, html)


def write_download(executed, target):
    """The executed notebook offered for download, its figures readable when opened untrusted."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html is not None:
                text = "".join(html) if isinstance(html, list) else html
                output["data"]["text/html"] = svg_as_image(text)
    nbformat.write(nb, target)


def export_html(paths, html_dir, tmp_dir):
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="offline", extra_template_basedirs=[os.path.join(HERE, "templates")],
        exclude_input_prompt=True, exclude_output_prompt=True,
    )
    os.makedirs(html_dir, exist_ok=True)
    rendered = render_math(paths, tmp_dir)
    for path in paths:
        name = os.path.splitext(os.path.basename(path))[0]
        nb = nbformat.read(rendered[path], as_version=4)
        href, title = chapter_of(name)
        nb.metadata["title"] = f"{title} (notebook {name}) · deconv"
        deconv = {"chapter_href": href, "chapter_title": title, "ipynb": name + ".ipynb"}
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}, "deconv": deconv})
        if "<script" in body.lower():
            raise RuntimeError(f"{name}.html contains a <script> tag: the offline template must drop it")
        with open(os.path.join(html_dir, name + ".html"), "w", encoding="utf-8") as f:
            f.write(body)
        if os.path.abspath(os.path.dirname(path)) != os.path.abspath(html_dir):
            write_download(path, os.path.join(html_dir, os.path.basename(path)))
        print(f"html {os.path.relpath(os.path.join(html_dir, name + '.html'), ROOT)} ({len(body) // 1024} KB)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*")
    ap.add_argument("--out", default=os.path.join(ROOT, "notebooks", ".executed"))
    ap.add_argument("--html-dir", default=os.environ.get("NOTEBOOKS_HTML_DIR") or os.path.join(ROOT, "site", "public", "notebooks"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-html", action="store_true")
    ap.add_argument("--html-only", action="store_true")
    args = ap.parse_args()
    html_dir = args.html_dir
    paths = args.notebooks or sorted(glob.glob(os.path.join(ROOT, "notebooks", "[0-9]*.ipynb")))
    if not paths:
        sys.exit("notebooks: no notebooks found")
    os.makedirs(args.out, exist_ok=True)
    t0 = time.monotonic()
    ok = True
    if not args.html_only:
        ensure_kernel()
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [pool.submit(execute, p, args.out) for p in paths]
            for fut in as_completed(futures):
                path, seconds, problems = fut.result()
                print(f"{'FAIL' if problems else 'ok  '} {os.path.relpath(path, ROOT)} {seconds:.1f}s", flush=True)
                for p in problems:
                    print(p, file=sys.stderr)
                ok = ok and not problems
    executed = [os.path.join(args.out, os.path.basename(p)) for p in paths]
    missing = [p for p in executed if not os.path.exists(p)]
    if missing:
        sys.exit(f"notebooks: not executed yet: {', '.join(missing)} (run npm run notebooks)")
    failed = [p for p in executed if not json.load(open(p)).get("metadata", {}).get("deconv", {}).get("executed")]
    if failed and ok:
        sys.exit(f"notebooks: these failed when last executed: {', '.join(failed)} (run npm run notebooks)")
    if ok and not args.no_html:
        export_html(executed, html_dir, os.path.join(args.out, ".math"))
    print(f"notebooks: {len(paths)} in {time.monotonic() - t0:.1f}s{'' if ok else ', FAILED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
