// Refrain's window onto the system zlib (zlib1g-dev). zlib's init calls are macros that pass
// the library version and the stream's size, which Swift cannot call; these wrappers are
// functions it can.
#ifndef REFRAIN_CZLIB_H
#define REFRAIN_CZLIB_H

#include <zlib.h>

#ifdef __cplusplus
extern "C" {
#endif

/// inflateInit2(stream, windowBits): windowBits 15 + 16 reads a gzip header and trailer.
int refrain_inflate_init2(z_streamp stream, int windowBits);

/// deflateInit2(stream, level, method, windowBits, memLevel, strategy): windowBits 15 + 16
/// writes a gzip header and trailer.
int refrain_deflate_init2(z_streamp stream, int level, int method, int windowBits, int memLevel, int strategy);

#ifdef __cplusplus
}
#endif

#endif
