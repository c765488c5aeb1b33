#ifndef ROUTESIM_CZLIB_SHIM_H
#define ROUTESIM_CZLIB_SHIM_H
#include <zlib.h>

/* gzopen and gzdopen read plain files as they are and gzip files (one member or several)
   uncompressed, so one reader serves both. gzerror's message pointer is owned by zlib. */
static inline int czlib_ok(void) { return Z_OK; }
static inline int czlib_errno(void) { return Z_ERRNO; }
#endif
