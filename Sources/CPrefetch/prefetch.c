// CPrefetch is header-only (static inline); a C target needs one source file.
#include "CPrefetch.h"
