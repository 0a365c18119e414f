#include "CZlib.h"

int refrain_inflate_init2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

int refrain_deflate_init2(z_streamp stream, int level, int method, int windowBits, int memLevel, int strategy) {
    return deflateInit2(stream, level, method, windowBits, memLevel, strategy);
}
