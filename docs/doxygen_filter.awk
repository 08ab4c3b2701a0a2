# Doxygen input filter: sgc's headers document their API with plain `//` comments, and this
# filter shows Doxygen those comments as documentation without changing the sources:
#   - a block of whole-line `//` comments at namespace or class scope that is followed directly
#     by a declaration becomes `///` (a block followed by a blank line, a preprocessor line or
#     a closing brace stays an ordinary comment: file and section notes);
#   - a trailing `// ...` after a member or enumerator at class scope becomes `///< ...`.
# Comments inside function bodies are never documentation. The line count is unchanged, so
# Doxygen's warnings point at the right header lines.
#
# The filter tracks braces: a `{` whose statement starts with namespace, class, struct, union
# or enum (after any template parameter list) opens a scope; any other `{` opens a body.

function scan(line,    i, c, n, in_str, quote) {
    # Sets scanned_code to the line without string/char literals and without a trailing //
    # comment, and scanned_comment to that comment's index (0 if none).
    scanned_code = ""; scanned_comment = 0; in_str = 0; n = length(line)
    for (i = 1; i <= n; i++) {
        c = substr(line, i, 1)
        if (in_str) {
            if (c == "\\") { i++; continue }
            if (c == quote) in_str = 0
            continue
        }
        if (c == "\"" || c == "'") { in_str = 1; quote = c; scanned_code = scanned_code " "; continue }
        if (c == "/" && substr(line, i + 1, 1) == "/") { scanned_comment = i; return }
        scanned_code = scanned_code c
    }
}

function strip_template(s,    i, c, n, depth, out, rest) {
    # Removes `template <...>` parameter lists, so that `template <class T> void f()` is not
    # taken for a class.
    out = ""
    while (match(s, /template[ \t]*</)) {
        out = out substr(s, 1, RSTART - 1)
        rest = substr(s, RSTART + RLENGTH)
        depth = 1; n = length(rest)
        for (i = 1; i <= n && depth > 0; i++) {
            c = substr(rest, i, 1)
            if (c == "<") depth++
            else if (c == ">") depth--
        }
        s = substr(rest, i)
    }
    return out s
}

function at_scope_level(    i) {
    for (i = 1; i <= depth; i++) if (kind[i] != "scope") return 0
    return 1
}

function track_braces(code,    i, c, n, head) {
    n = length(code)
    for (i = 1; i <= n; i++) {
        c = substr(code, i, 1)
        if (c == "{") {
            head = strip_template(statement)
            depth++
            kind[depth] = (head ~ /^[ \t]*(inline[ \t]+)?(namespace|class|struct|union|enum)([^A-Za-z0-9_]|$)/) ? "scope" : "body"
            statement = ""
        } else if (c == "}") {
            if (depth > 0) depth--
            statement = ""
        } else if (c == ";") {
            statement = ""
        } else {
            statement = statement c
        }
    }
    statement = statement " "
}

function flush_comments(as_doc,    i, line) {
    for (i = 1; i <= pending; i++) {
        line = buffered[i]
        if (as_doc) sub(/\/\//, "///", line)
        print line
    }
    pending = 0
}

BEGIN { depth = 0; pending = 0; statement = "" }

{
    line = $0
    if (line ~ /^[ \t]*\/\// && line !~ /^[ \t]*\/\/\//) {
        if (at_scope_level()) { buffered[++pending] = line; next }
        print line
        next
    }
    # A buffered block documents this line only if it is a declaration.
    if (pending > 0)
        flush_comments(line !~ /^[ \t]*$/ && line !~ /^[ \t]*#/ && line !~ /^[ \t]*}/)

    scan(line)
    code = scanned_code
    if (line ~ /^[ \t]*#/) { print line; next }
    scope_before = at_scope_level()
    track_braces(code)
    c = scanned_comment
    # A member or enumerator with a trailing comment, at class (not namespace) scope.
    if (c > 0 && scope_before && depth > 0 && code !~ /^[ \t]*}/ && code ~ /[;,][ \t]*$/) {
        line = substr(line, 1, c - 1) "///<" substr(line, c + 2)
    }
    print line
}

END { flush_comments(0) }
