#ifndef SGC_CORE_DETAIL_FILE_IO_HPP
#define SGC_CORE_DETAIL_FILE_IO_HPP

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "../error.hpp"
#include "text_reader.hpp"

namespace sgc::detail {

/// The file side of the text formats (pattern files, trace CSV): open, hand the stream to the
/// format's reader or writer, and name the path in an invalid_parameter when the file fails.
/// A directory opens as an empty stream on some systems: it is refused by name.
template <class Read> auto load_file(const char* where, const std::string& path, Read&& read) {
    std::error_code ec;
    if (SGC_UNLIKELY(std::filesystem::is_directory(path, ec)))
        throw_invalid_parameter(where, "path", printable(path, 256), "is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (SGC_UNLIKELY(!in)) throw_invalid_parameter(where, "path", printable(path, 256), "cannot open the file for reading");
    return read(in);
}

template <class Write> void save_file(const char* where, const std::string& path, Write&& write) {
    std::ofstream out(path);
    if (SGC_UNLIKELY(!out)) throw_invalid_parameter(where, "path", printable(path, 256), "cannot open the file for writing");
    write(out);
    out.flush();
    if (SGC_UNLIKELY(!out)) throw_invalid_parameter(where, "path", printable(path, 256), "writing the file failed");
}

} // namespace sgc::detail

#endif
