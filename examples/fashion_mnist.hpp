// Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) from its gzipped IDX files, as Debian's
// dataset-fashion-mnist installs them under /usr/share/datasets/fashion-mnist: 60,000 training
// and 10,000 test images of 28 x 28 grey pixels, 10 classes. zlib inflates the files.
#ifndef SGC_EXAMPLES_FASHION_MNIST_HPP
#define SGC_EXAMPLES_FASHION_MNIST_HPP

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <zlib.h>

#include "softmax.hpp"

namespace example {

inline const char* const fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";

// A data file that is missing, truncated or not what it should be; the message names the file.
struct data_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The images of `images_file` (IDX magic 0x803, pixels scaled to [0, 1]) with the labels of
// `labels_file` (IDX magic 0x801, values < 10), checked to hold `samples` of each. data_error
// naming the file when it cannot be opened, is not such an IDX file, holds another count or
// labels >= 10, or ends early (a truncated or corrupt gzip stream included).
dataset read_idx(const std::string& images_file, const std::string& labels_file, std::size_t samples);

// The training set ("train", 60,000 samples) or the test set ("t10k", 10,000) in `dir`.
dataset load_fashion_mnist(const std::string& dir, const std::string& part);

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

// One gzipped file, read front to back; every failure is a data_error naming it.
class gz_reader {
public:
    explicit gz_reader(std::string path) : path_(std::move(path)), file_(gzopen(path_.c_str(), "rb"), gzclose) {
        if (!file_)
            fail(std::string("cannot open it (") + std::strerror(errno) +
                 "); install Debian's dataset-fashion-mnist, or pass --data DIR");
        gzbuffer(file_.get(), 1 << 17);
    }

    // Reads exactly `size` bytes of what the file promised (`what`).
    void read(void* out, std::size_t size, const char* what) {
        std::size_t done = 0;
        auto* bytes = static_cast<unsigned char*>(out);
        while (done < size) {
            const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(size - done, 1u << 30));
            const int got = gzread(file_.get(), bytes + done, chunk);
            if (got <= 0) {
                const std::string why = zlib_error();
                fail(std::string("truncated: ") + what + " need " + std::to_string(size) + " bytes, the file ends after " +
                     std::to_string(done) + (why.empty() ? "" : " (" + why + ")"));
            }
            done += static_cast<std::size_t>(got);
        }
    }

    std::uint32_t big_endian(const char* what) {
        unsigned char b[4];
        read(b, 4, what);
        return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3];
    }

    // The stream must end here, intact: zlib checks the gzip trailer (length, CRC) on this read.
    void expect_end() {
        unsigned char extra;
        const int got = gzread(file_.get(), &extra, 1);
        const std::string why = zlib_error();
        if (got < 0 || !why.empty()) fail("corrupt or truncated gzip stream (" + why + ")");
        if (got > 0) fail("more data than its header announces");
    }

    // zlib's complaint, if any, without the path it starts with.
    std::string zlib_error() const {
        int code = Z_OK;
        std::string message = gzerror(file_.get(), &code);
        if (code == Z_OK) return "";
        if (message.compare(0, path_.size() + 2, path_ + ": ") == 0) message.erase(0, path_.size() + 2);
        return message;
    }

    [[noreturn]] void fail(const std::string& why) const { throw data_error(path_ + ": " + why); }

private:
    std::string path_;
    std::unique_ptr<gzFile_s, int (*)(gzFile)> file_;
};

} // namespace detail

inline dataset read_idx(const std::string& images_file, const std::string& labels_file, std::size_t samples) {
    dataset data;
    {
        detail::gz_reader in(images_file);
        if (in.big_endian("the IDX header") != 0x803) in.fail("not an IDX file of images (magic 0x00000803)");
        const std::uint32_t count = in.big_endian("the IDX header"), rows = in.big_endian("the IDX header"),
                            cols = in.big_endian("the IDX header");
        if (count != samples || rows != 28 || cols != 28)
            in.fail("holds " + std::to_string(count) + " images of " + std::to_string(rows) + " x " +
                    std::to_string(cols) + " pixels, expected " + std::to_string(samples) + " of 28 x 28");
        data.features = std::size_t{rows} * cols;
        std::vector<unsigned char> pixels(samples * data.features);
        in.read(pixels.data(), pixels.size(), "the pixels");
        in.expect_end();
        data.x.resize(pixels.size());
        for (std::size_t i = 0; i < pixels.size(); ++i) data.x[i] = static_cast<float>(pixels[i]) / 255.0f;
    }
    detail::gz_reader in(labels_file);
    if (in.big_endian("the IDX header") != 0x801) in.fail("not an IDX file of labels (magic 0x00000801)");
    const std::uint32_t count = in.big_endian("the IDX header");
    if (count != samples)
        in.fail("holds " + std::to_string(count) + " labels, expected " + std::to_string(samples));
    data.y.resize(samples);
    in.read(data.y.data(), samples, "the labels");
    in.expect_end();
    for (std::size_t s = 0; s < samples; ++s)
        if (data.y[s] >= softmax_regression::classes)
            in.fail("label " + std::to_string(s) + " is " + std::to_string(data.y[s]) + ", classes are 0 to 9");
    return data;
}

inline dataset load_fashion_mnist(const std::string& dir, const std::string& part) {
    const std::size_t samples = part == "train" ? 60000 : 10000;
    return read_idx(dir + "/" + part + "-images-idx3-ubyte.gz", dir + "/" + part + "-labels-idx1-ubyte.gz", samples);
}

} // namespace example

#endif
