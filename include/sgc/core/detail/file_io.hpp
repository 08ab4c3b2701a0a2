#ifndef SGC_CORE_DETAIL_FILE_IO_HPP
#define SGC_CORE_DETAIL_FILE_IO_HPP

#include <fstream>
#include <string>

#include "../error.hpp"

namespace sgc::detail {

// The file side of the text formats (pattern files, trace CSV): open, hand the stream to the
// format's reader or writer, and name the path in an invalid_parameter when the file fails.
template <class Read> auto load_file(const char* where, const std::string& path, Read&& read) {
    std::ifstream in(path);
    if (SGC_UNLIKELY(!in)) throw_invalid_parameter(where, "path", path, "cannot open the file for reading");
    return read(in);
}

template <class Write> void save_file(const char* where, const std::string& path, Write&& write) {
    std::ofstream out(path);
    if (SGC_UNLIKELY(!out)) throw_invalid_parameter(where, "path", path, "cannot open the file for writing");
    write(out);
    out.flush();
    if (SGC_UNLIKELY(!out)) throw_invalid_parameter(where, "path", path, "writing the file failed");
}

} // namespace sgc::detail

#endif
