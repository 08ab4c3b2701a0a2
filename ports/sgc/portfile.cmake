# sgc is header-only: one configuration, nothing compiled.
set(VCPKG_BUILD_TYPE release)

# An overlay port kept in the sgc repository: it builds the checkout it lives in
# (vcpkg install sgc --overlay-ports=<checkout>/ports). A registry copy of this port would take
# the sources from vcpkg_from_github(OUT_SOURCE_PATH SOURCE_PATH REPO ... REF ... SHA512 ...)
# instead; every step below stays the same.
get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DSGC_INSTALL=ON
        -DSGC_BUILD_TESTS=OFF
        -DSGC_BUILD_EXAMPLES=OFF
        -DSGC_BUILD_BENCHMARKS=OFF
        -DSGC_BUILD_TOOLS=OFF
        -DSGC_BUILD_DOCS=OFF
        -DSGC_BUILD_PYTHON=OFF
)
vcpkg_cmake_install()

# sgc installs its package config to share/cmake/sgc; vcpkg wants it in share/sgc.
vcpkg_cmake_config_fixup(CONFIG_PATH share/cmake/sgc)

file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
