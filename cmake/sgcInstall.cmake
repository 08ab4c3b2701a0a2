# Headers, the exported target and an architecture-independent package config.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SGC_CMAKE_DIR ${CMAKE_INSTALL_DATADIR}/cmake/sgc)

install(TARGETS sgc EXPORT sgcTargets)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/sgc DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT sgcTargets NAMESPACE sgc:: DESTINATION ${SGC_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/sgcConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sgcConfig.cmake INSTALL_DESTINATION ${SGC_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sgcConfigVersion.cmake
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/sgcConfig.cmake ${PROJECT_BINARY_DIR}/sgcConfigVersion.cmake
  DESTINATION ${SGC_CMAKE_DIR})
