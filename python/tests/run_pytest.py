"""Runs pytest on the given test files for ctest, with the interpreter the module was built for.

    run_pytest.py [--require MODULE]... FILE...

Exits 77 (ctest: skipped), saying what is missing, when pytest, NumPy or a required module
cannot be imported; otherwise with pytest's status.
"""
import importlib
import sys

DEBIAN = {"pytest": "python3-pytest", "numpy": "python3-numpy", "torch": "python3-torch"}


def main(argv):
    required, files = ["pytest", "numpy"], []
    while argv:
        arg = argv.pop(0)
        if arg == "--require":
            required.append(argv.pop(0))
        else:
            files.append(arg)
    for name in required:
        try:
            importlib.import_module(name)
        except ImportError:
            print(f"skipped: {name} is not installed for {sys.executable} "
                  f"(Debian: {DEBIAN.get(name, name)})")
            return 77
    import pytest
    return pytest.main(["-q", "-p", "no:cacheprovider", "-rs", *files])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
