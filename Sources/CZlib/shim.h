// System zlib, used by HelmChart to read gzip-compressed chart archives (.tgz).
#include <zlib.h>
