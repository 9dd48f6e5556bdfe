#!/usr/bin/env python3
"""Judge the valgrind XML reports of a whole-suite run (scripts/valgrind.sh).

    scripts/valgrind-report.py LOG_DIR [-v]

Fails (exit 1) when any report, in any process, is an invalid read, write
or free, a mismatched free, a use of uninitialised memory, an overlapping
copy, a bad syscall parameter or a definite leak, AND its stack has a
libmicic frame: a micic_/micic__ function, a SWIG wrapper of the bindings
(_wrap_*, SWIG_*, R_swig_*), or code inside libmicic.so, the Python
extension _micic*.so or the R package's micic.so. Reports without such a
frame belong to the interpreters and tools (python, R, bash) and are
counted, not failed.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

OURS_FN = re.compile(r"^(micic_|micic__|_wrap_|SWIG_|R_swig_)")
OURS_OBJ = re.compile(r"(libmicic\.so|/_micic[^/]*\.so|/micic\.so)")
KINDS = re.compile(r"^(Invalid|Mismatched|Uninit|Overlap|SyscallParam|ClientCheck|Leak_DefinitelyLost)")


def ours(frame):
    fn = frame.findtext("fn") or ""
    obj = frame.findtext("obj") or ""
    return bool(OURS_FN.match(fn) or OURS_OBJ.search(obj))


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    logdir = args[0]
    files = sorted(f for f in os.listdir(logdir) if f.endswith(".xml")) if os.path.isdir(logdir) else []
    bad, others, unreadable, procs = [], [], [], 0
    for name in files:
        path = os.path.join(logdir, name)
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            # a process still running when killed, or one that exec'd: no closing tag
            unreadable.append(path)
            continue
        procs += 1
        exe = root.findtext("args/argv/exe") or "?"
        for err in root.iter("error"):
            kind = err.findtext("kind") or ""
            if not KINDS.match(kind):
                continue
            frames = list(err.iter("frame"))
            what = (err.findtext("what") or err.findtext("xwhat/text") or "").strip()
            rec = (path, exe, kind, what, frames)
            (bad if any(ours(f) for f in frames) else others).append(rec)
    print(f"valgrind-report: {procs} process report(s) in {logdir}"
          + (f" ({len(unreadable)} incomplete, not judged)" if unreadable else ""))
    for path, exe, kind, what, frames in bad:
        print(f"\n=== {kind} in {exe} ({path}): {what}")
        for f in frames[:25]:
            print(f"    {f.findtext('fn') or '?'}  {f.findtext('file') or f.findtext('obj') or ''}:{f.findtext('line') or ''}")
    print(f"valgrind-report: {len(bad)} error(s)/definite leak(s) with a libmicic frame; "
          f"{len(others)} of the interpreters/tools set aside")
    if verbose:
        for path, exe, kind, what, frames in others:
            top = ", ".join((f.findtext("fn") or f.findtext("obj") or "?") for f in frames[:4])
            print(f"--- set aside: {kind} in {exe}: {what} [{top}]")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
