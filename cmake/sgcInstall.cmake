# Headers, the exported targets and an architecture-independent package config. sgc::core and
# sgc::sgc are exported separately, so that find_package(sgc COMPONENTS core) needs neither
# xtensor-blas nor BLAS/LAPACK.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SGC_CMAKE_DIR ${CMAKE_INSTALL_DATADIR}/cmake/sgc)

install(TARGETS sgc_core EXPORT sgcCoreTargets)
install(TARGETS sgc EXPORT sgcTargets)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/sgc DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT sgcCoreTargets NAMESPACE sgc:: DESTINATION ${SGC_CMAKE_DIR})
install(EXPORT sgcTargets NAMESPACE sgc:: DESTINATION ${SGC_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/sgcConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sgcConfig.cmake INSTALL_DESTINATION ${SGC_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sgcConfigVersion.cmake
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/sgcConfig.cmake ${PROJECT_BINARY_DIR}/sgcConfigVersion.cmake
  DESTINATION ${SGC_CMAKE_DIR})
