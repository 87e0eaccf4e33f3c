# Run by `cmake --install` (and so by CPack): the systemd units, the user and
# folder declarations and the services' options, written with the paths of the
# prefix being installed to. A package's /usr puts its options in /etc and its
# index in /var/lib/hemicycle; any other prefix keeps everything below it.
set(prefix "${CMAKE_INSTALL_PREFIX}")
if(prefix STREQUAL "/usr")
  set(HEMICYCLE_SYSCONFDIR /etc)
  set(HEMICYCLE_STATEDIR /var/lib/hemicycle)
else()
  set(HEMICYCLE_SYSCONFDIR ${prefix}/etc)
  set(HEMICYCLE_STATEDIR ${prefix}/var/lib/hemicycle)
endif()
set(HEMICYCLE_BINDIR ${prefix}/bin)
set(root "$ENV{DESTDIR}")
set(source "${HEMICYCLE_PACKAGING_SOURCE}")

function(hemicycle_install_configured input output)
  message(STATUS "Installing: ${root}${output}")
  configure_file(${source}/${input} ${root}${output} @ONLY)
endfunction()
hemicycle_install_configured(systemd/hemicycle-serve.service.in ${prefix}/lib/systemd/system/hemicycle-serve.service)
hemicycle_install_configured(systemd/hemicycle-index.service.in ${prefix}/lib/systemd/system/hemicycle-index.service)
hemicycle_install_configured(systemd/hemicycle-index.timer ${prefix}/lib/systemd/system/hemicycle-index.timer)
hemicycle_install_configured(systemd/hemicycle.sysusers ${prefix}/lib/sysusers.d/hemicycle.conf)
hemicycle_install_configured(systemd/hemicycle.tmpfiles ${prefix}/lib/tmpfiles.d/hemicycle.conf)
hemicycle_install_configured(default.in ${HEMICYCLE_SYSCONFDIR}/default/hemicycle)
