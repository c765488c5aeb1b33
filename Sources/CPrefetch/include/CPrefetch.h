// Software prefetch for Swift, which has no spelling of its own for it: the compact trie's
// interleaved lookups ask for the next node of each call while walking the others.
#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the CPU to bring the cache line holding `address` closer, for a read, to every cache level.
static inline void cprefetch_read(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
