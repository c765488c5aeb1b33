#include "CCompactTrie.h"

/// The symbol of each byte of the dial alphabet (0-9, * 10, # 11, + 12), -1 for any other byte.
static const int8_t symbol_of[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9,
    ['9'] = 10, ['*'] = 11, ['#'] = 12, ['+'] = 13,
};  // stored plus one, so that the zero fill means "not a symbol"

int32_t ccompacttrie_longest_prefix(
    const uint32_t *nodes, const int32_t *leaves, int32_t root, const uint8_t *number, size_t length) {
    const uint32_t *node = nodes + (size_t)root * 4;
    int32_t best = -1;
    for (size_t i = 0; i < length; i++) {
        int32_t value = (int32_t)node[3];
        if (value >= 0) best = value;
        int symbol = symbol_of[number[i]] - 1;
        if (symbol < 0) return best;
        uint32_t masks = node[0], bit = 1u << symbol;
        if (masks & bit) {
            node = nodes + (size_t)(node[1] + (uint32_t)__builtin_popcount(masks & (bit - 1))) * 4;
            continue;
        }
        uint32_t leaf_bit = bit << 16;
        if (!(masks & leaf_bit)) return best;
        return leaves[node[2] + (uint32_t)__builtin_popcount(masks & (leaf_bit - 1) & ~0x1FFFu)];
    }
    int32_t value = (int32_t)node[3];
    return value >= 0 ? value : best;
}

size_t ccompacttrie_lookup_all(
    const uint32_t *nodes, const int32_t *leaves, const uint8_t *bytes, const ccompacttrie_query *queries,
    size_t count, int32_t *results) {
    size_t matched = 0;
    for (size_t i = 0; i < count; i++) {
        const ccompacttrie_query q = queries[i];
        int32_t value = ccompacttrie_longest_prefix(nodes, leaves, q.root, bytes + q.offset, (size_t)q.length);
        results[i] = value;
        matched += value >= 0;
    }
    return matched;
}
