// The "physical bound" baseline of the benchmarks: the compact trie's lookup written in plain C,
// over the very words and leaves the Swift `CompactTrie` built (four 32-bit words per node:
// child mask | leaf mask << 16, first child, first leaf, value). Not linked into the tool.
#ifndef CCOMPACTTRIE_H
#define CCOMPACTTRIE_H

#include <stddef.h>
#include <stdint.h>

/// One lookup: `length` bytes at `offset` of the batch's bytes, under root `root`.
typedef struct {
    int32_t offset;
    int32_t length;
    int32_t root;
} ccompacttrie_query;

/// The value of the longest prefix of `number` under `root`, or -1.
int32_t ccompacttrie_longest_prefix(
    const uint32_t *nodes, const int32_t *leaves, int32_t root, const uint8_t *number, size_t length);

/// Looks up every query in turn, one after the other, writing `results[i]`; returns how many matched.
size_t ccompacttrie_lookup_all(
    const uint32_t *nodes, const int32_t *leaves, const uint8_t *bytes, const ccompacttrie_query *queries,
    size_t count, int32_t *results);

#endif
